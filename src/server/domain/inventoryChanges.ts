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

function softwareKey(s: SoftwareIdentity): string {
  return `${s.source}\u0000${s.name}\u0000${s.arch ?? ''}`;
}

/**
 * A software list reduced to what the diff reads, as JSON text: `[[source, name, arch, version], …]`, made where the
 * inventory is prepared (the decoder's worker). The thread that stores then parses ~60 KB of short strings instead of
 * inflating and parsing the ~150 KB section; for a changed inventory of 900 programs that was ~2.5 of its ~13 CPU-ms
 * there (profiled: `node test/bench/serverScale.bench.js --agents 1000 --delta --no-bare --cpu-prof`).
 */
export function softwareIdentitiesJson(software: readonly SoftwareIdentity[]): string {
  return JSON.stringify(software.map((s) => [s.source, s.name, s.arch ?? null, s.version ?? null]));
}

export function parseSoftwareIdentities(json: string): SoftwareIdentity[] {
  const rows = JSON.parse(json) as [SoftwareIdentity['source'], string, string | null, string | null][];
  return rows.map(([source, name, arch, version]) => ({
    source,
    name,
    ...(arch === null ? {} : { arch }),
    ...(version === null ? {} : { version }),
  }));
}

export function diffSoftware(before: readonly SoftwareIdentity[], after: readonly SoftwareIdentity[]): InventoryChange {
  const old = new Map<string, SoftwareIdentity>();
  for (const s of before) old.set(softwareKey(s), s);
  const added: Pick<InstalledSoftware, 'name' | 'version'>[] = [];
  const updated: { name: string; from: string | null; to: string | null }[] = [];
  for (const s of after) {
    const key = softwareKey(s);
    const prev = old.get(key);
    if (!prev) added.push({ name: s.name, version: s.version });
    else {
      if ((prev.version ?? null) !== (s.version ?? null)) updated.push({ name: s.name, from: prev.version ?? null, to: s.version ?? null });
      old.delete(key);
    }
  }
  const removed = [...old.values()].map((s) => ({ name: s.name, version: s.version }));
  return { section: 'software', added, removed, updated };
}
