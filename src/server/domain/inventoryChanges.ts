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

function softwareKey(s: InstalledSoftware): string {
  return `${s.source}\u0000${s.name}\u0000${s.arch ?? ''}`;
}

export function diffSoftware(before: InstalledSoftware[], after: InstalledSoftware[]): InventoryChange {
  const old = new Map(before.map((s) => [softwareKey(s), s]));
  const added: Pick<InstalledSoftware, 'name' | 'version'>[] = [];
  const updated: { name: string; from: string | null; to: string | null }[] = [];
  for (const s of after) {
    const prev = old.get(softwareKey(s));
    if (!prev) added.push({ name: s.name, version: s.version });
    else {
      if ((prev.version ?? null) !== (s.version ?? null)) updated.push({ name: s.name, from: prev.version ?? null, to: s.version ?? null });
      old.delete(softwareKey(s));
    }
  }
  const removed = [...old.values()].map((s) => ({ name: s.name, version: s.version }));
  return { section: 'software', added, removed, updated };
}
