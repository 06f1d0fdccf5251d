/**
 * What changed between two versions of an inventory section, as the history stores it: for the software list the
 * packages added, removed and upgraded; for any other section its value before and after.
 */
import type { InstalledSoftware, InventorySectionName } from '../../shared/protocol/inventory';

export type InventoryChange =
  | {
      section: 'software';
      added: Pick<InstalledSoftware, 'name' | 'version'>[];
      removed: Pick<InstalledSoftware, 'name' | 'version'>[];
      updated: { name: string; from: string | null; to: string | null }[];
    }
  | { section: Exclude<InventorySectionName, 'software'>; before: unknown; after: unknown };

/** What the software diff reads of an entry: which program it is (source, name, arch), and its version. */
export type SoftwareIdentity = Pick<InstalledSoftware, 'source' | 'name' | 'arch' | 'version'>;

const SEP = '\u0000';

function field(text: string | undefined): string {
  if (text === undefined) return '';
  // The separator inside a field would move the fields after it: it becomes U+FFFD there.
  return text.includes(SEP) ? text.replaceAll(SEP, '\uFFFD') : text;
}

/**
 * A software list as the diff reads it: one key per entry, `source` U+0000 `name` U+0000 `arch` U+0000 `version`
 * (a missing arch or version empty), sorted. Made where the inventory is prepared (the decoder's worker) and stored
 * beside the software section, so a changed list is compared with the one before without inflating and parsing either
 * section (~150 KB of JSON each for 900 programs). Measured standalone on the bench generator's inventories, a PC's
 * later change cost the thread that stores 6.2 → 3.8 CPU-ms (a first inventory 2.4), and the worker ~1.3 ms more; at
 * 10,000 agents later changes are stored at ~158/s, 11.2 CPU-ms each (`node test/bench/serverScale.bench.js --agents
 * 10000 --delta --no-bare`).
 */
export function softwareIdentityKeys(software: readonly SoftwareIdentity[] | null | undefined): string[] {
  if (!software) return [];
  const keys = software.map((s) => field(s.source) + SEP + field(s.name) + SEP + field(s.arch) + SEP + field(s.version));
  return keys.sort();
}

/** The program a key names (source, name and arch): everything before its last separator. */
function programOf(key: string): string {
  return key.slice(0, key.lastIndexOf(SEP));
}

function nameOf(program: string): string {
  const start = program.indexOf(SEP) + 1;
  return program.slice(start, program.indexOf(SEP, start));
}

function versionOf(key: string): string {
  return key.slice(key.lastIndexOf(SEP) + 1);
}

function named(name: string, version: string): Pick<InstalledSoftware, 'name' | 'version'> {
  return version === '' ? { name } : { name, version };
}

/**
 * The diff of two sorted key lists (softwareIdentityKeys), in key order (source, then name). Per program (source, name
 * and arch): versions in both lists are unchanged; one version gone and one come is an update; any others are removed
 * or added. A missing version is null in an update.
 */
export function diffSoftwareKeys(before: readonly string[], after: readonly string[]): Extract<InventoryChange, { section: 'software' }> {
  const added: Pick<InstalledSoftware, 'name' | 'version'>[] = [];
  const removed: Pick<InstalledSoftware, 'name' | 'version'>[] = [];
  const updated: { name: string; from: string | null; to: string | null }[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      i++;
      j++;
      continue;
    }
    const pb = i < before.length ? programOf(before[i]!) : null;
    const pa = j < after.length ? programOf(after[j]!) : null;
    const program = pb === null ? pa! : pa === null ? pb : pb < pa ? pb : pa;
    const gone: string[] = [];
    const come: string[] = [];
    for (; i < before.length && programOf(before[i]!) === program; i++) gone.push(versionOf(before[i]!));
    for (; j < after.length && programOf(after[j]!) === program; j++) {
      const v = versionOf(after[j]!);
      const k = gone.indexOf(v);
      if (k >= 0) gone.splice(k, 1);
      else come.push(v);
    }
    const name = nameOf(program);
    if (gone.length === 1 && come.length === 1) {
      updated.push({ name, from: gone[0] || null, to: come[0] || null });
      continue;
    }
    for (const v of gone) removed.push(named(name, v));
    for (const v of come) added.push(named(name, v));
  }
  return { section: 'software', added, removed, updated };
}

/** The diff of two software lists as the agent sent them. */
export function diffSoftware(before: readonly SoftwareIdentity[], after: readonly SoftwareIdentity[]): InventoryChange {
  return diffSoftwareKeys(softwareIdentityKeys(before), softwareIdentityKeys(after));
}
