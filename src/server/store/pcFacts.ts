/**
 * What of an inventory the PC list filters on, in the shape the store keeps it so that a filter is an indexed query
 * rather than 20,000 parsed inventories: installed RAM, the system drive's free space, CPU cores and model (columns of
 * `agents`), and every installed program as (name key, version sort key) rows (`agent_programs`). Pure: it runs on
 * the frame decoder's worker thread with the rest of prepareInventory, and in the migration that fills these for
 * inventories stored before it.
 */
import { versionSortKey } from '../../shared/install/compareVersions';
import { installedMemory, systemDrive } from '../../shared/install/specCheck';
import type { Inventory } from '../../shared/protocol/inventory';

export interface PcFacts {
  memoryBytes: number | null;
  systemFreeBytes: number | null;
  cpuCores: number | null;
  cpuModel: string | null;
  /** Null: the PC's software list is unknown (the agent could not read it), so "lacks a program" cannot be said. */
  softwareCount: number | null;
}

/** A program as the filter matches it: its name lower-cased (as the spec check compares names), its version's sort key. */
export interface SoftwareKey {
  nameKey: string;
  versionKey: string;
}

/** Program names longer than this are cut for the key (the filter's own limit is 256). */
const MAX_NAME_KEY = 256;

export function pcFactsOf(inventory: Inventory): PcFacts {
  const cores = inventory.cpu?.cores;
  return {
    memoryBytes: installedMemory(inventory),
    systemFreeBytes: systemDrive(inventory)?.freeBytes ?? null,
    cpuCores: typeof cores === 'number' && cores > 0 ? cores : null,
    cpuModel: inventory.cpu?.model ? inventory.cpu.model.slice(0, 256) : null,
    softwareCount: Array.isArray(inventory.software) ? inventory.software.length : null,
  };
}

/** One key per distinct (name, version) of the list, in a stable order. */
export function softwareKeysOf(software: Inventory['software']): SoftwareKey[] {
  const seen = new Set<string>();
  const out: SoftwareKey[] = [];
  for (const s of software ?? []) {
    if (typeof s?.name !== 'string' || s.name.trim() === '') continue;
    const nameKey = s.name.trim().toLowerCase().slice(0, MAX_NAME_KEY);
    const versionKey = typeof s.version === 'string' ? versionSortKey(s.version) : '';
    const id = `${nameKey}\u0000${versionKey}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ nameKey, versionKey });
  }
  return out;
}
