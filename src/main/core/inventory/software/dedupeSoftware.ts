/**
 * Dropping repeated software entries: Windows registers a product in several hives, macOS finds a bundle twice.
 */
import type { InstalledSoftware } from '../../../../shared/protocol/inventory';

/**
 * Keeps one entry per name (case-insensitive), version and architecture: the first seen, so a caller lists its
 * most authoritative source first (the machine hive before user hives).
 */
export function dedupeSoftware(entries: readonly InstalledSoftware[]): InstalledSoftware[] {
  const seen = new Set<string>();
  const out: InstalledSoftware[] = [];
  for (const e of entries) {
    const key = `${e.name.toLowerCase()}\u0000${e.version ?? ''}\u0000${e.arch ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
