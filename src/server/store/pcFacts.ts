/**
 * What of an inventory the PC list filters on, in the shape the store keeps it so that a filter is an indexed query
 * rather than 20,000 parsed inventories: installed RAM, the system drive's free space, CPU cores and model (columns of
 * `agents`), and every installed program as a row of (PC number, name key + U+0001 + version sort key) in
 * `agent_programs` (programRowsTables.ts). Pure: it runs on
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

/**
 * Between a program's name key and its version key in agent_programs' one key column. Below every character a name
 * key keeps (control characters become spaces), so a name's rows sort together and before any longer name's, and
 * `name + U+0001 … name + U+0002` is the range of exactly that name.
 */
export const PROGRAM_KEY_SEPARATOR = '\u0001';

/** A program's name as the store keys and the filter matches it: control characters as spaces, trimmed, lower-cased, cut. */
export function programNameKey(name: string): string {
  return keyText(name).trim().slice(0, MAX_NAME_KEY);
}

/** The start of program names as the filter matches it by prefix: as programNameKey, its end kept as typed ("7-zip "). */
export function programNamePrefix(prefix: string): string {
  return keyText(prefix).trimStart().slice(0, MAX_NAME_KEY);
}

function keyText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/[\u0000-\u001f]/g, ' ').toLowerCase();
}

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

/**
 * One key per distinct (name, version) of the list, in key order (name, then version): the order of agent_programs'
 * primary key, so that a PC's rows are inserted as a run of appends within its range of the b-tree rather than at
 * random places in it (measured standalone, 2,000 first lists of ~900 programs: 1.21 → 1.08 CPU-ms per insert).
 */
export function softwareKeysOf(software: Inventory['software']): SoftwareKey[] {
  const keys: SoftwareKey[] = [];
  for (const s of software ?? []) {
    if (typeof s?.name !== 'string') continue;
    const nameKey = programNameKey(s.name);
    if (nameKey === '') continue;
    keys.push({ nameKey, versionKey: typeof s.version === 'string' ? cachedVersionKey(s.version) : '' });
  }
  keys.sort(byKey);
  return keys.filter((k, i) => i === 0 || byKey(keys[i - 1]!, k) !== 0);
}

/**
 * A PC's program rows as the store binds them: the JSON text of its program keys, `["<name key>\u0001<version key>", …]`,
 * in key order (writeAgentPrograms.ts unpacks it in SQL). Made where the inventory is prepared, on the frame decoder's
 * worker: one string crosses to the thread that writes in ~0.07 ms, where rebuilding ~900 key objects from the
 * worker's message took ~1 ms there (and turning them into this text another ~0.3 ms), measured with v8.deserialize on
 * the bench generator's inventories.
 */
export type ProgramRows = string & { readonly __programRows: true };

export function programRowsOf(software: Inventory['software']): ProgramRows {
  return JSON.stringify(softwareKeysOf(software).map((k) => k.nameKey + PROGRAM_KEY_SEPARATOR + k.versionKey)) as ProgramRows;
}

function byKey(a: SoftwareKey, b: SoftwareKey): number {
  if (a.nameKey !== b.nameKey) return a.nameKey < b.nameKey ? -1 : 1;
  return a.versionKey < b.versionKey ? -1 : a.versionKey > b.versionKey ? 1 : 0;
}

/**
 * PCs of one office run the same few versions of each program: each version text is parsed once per thread (building
 * these keys was a third of preparing an inventory). Emptied when full, so its memory stays bounded whatever agents send.
 */
const versionKeys = new Map<string, string>();
const VERSION_KEYS_MAX = 20_000;

function cachedVersionKey(version: string): string {
  let key = versionKeys.get(version);
  if (key === undefined) {
    if (versionKeys.size >= VERSION_KEYS_MAX) versionKeys.clear();
    key = versionSortKey(version);
    versionKeys.set(version, key);
  }
  return key;
}
