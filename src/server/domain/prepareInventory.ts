/**
 * An inventory turned into what the store writes: each section as JSON (a large one deflated, sectionData.ts) with the
 * hash of its stable part, the summary the agent list shows, the hostname. Pure and free of the database, so that it
 * can run on a worker thread (frameDecoderWorker.ts) next to the frame's decoding: for a ~900-program inventory this is
 * most of the CPU an ingest costs, and the main thread then only compares hashes and writes.
 */
import { hash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { summarizeInventory } from '../../shared/agentSummary';
import { stableSection, VolatileSections } from '../../shared/inventoryProjection';
import { InventorySectionNames, type Inventory } from '../../shared/protocol/inventory';
import { pcFactsOf, programRowsOf, type PcFacts, type ProgramRows } from '../store/pcFacts';
import { packSection, sectionJson, type SectionData } from '../store/sectionData';
import { softwareIdentityKeys } from './inventoryChanges';

export interface PreparedSection extends SectionData {
  section: string;
  /** SHA-256 of the section's stable projection (what counts as a change). */
  hash: string;
  /** A section whose changes are never history (live state, the collector's problems, the meta record). */
  volatile: boolean;
  /**
   * The software section only, and only `forChange`: its programs as the history's diff reads them
   * (softwareIdentityKeys), as deflated JSON, stored beside the section for the next change to be compared with.
   */
  identities: Uint8Array | null;
}

export interface PreparedInventory {
  sections: PreparedSection[];
  /** JSON of the AgentSummary. */
  summary: string;
  hostname: string | null;
  /** What the PC list filters on (pcFacts.ts). */
  facts: PcFacts;
  /** The installed programs as the software filter's rows (written when the software section changed). */
  programRows: ProgramRows;
}

export interface PrepareOptions {
  /**
   * The store holds an inventory of this PC already, so this one may be a change: the software list's identity keys
   * are made (~1.3 ms for 900 programs: sorting, JSON and deflate), to diff it with and to keep for the next change.
   * A first inventory goes without: a PC's first change is then diffed with its stored section, once.
   */
  forChange?: boolean;
}

/** Name of the stored pseudo-section holding the collector's problems (never a change of its own). */
export const PROBLEMS_SECTION = 'problems';
/** Name of the stored pseudo-section holding machine id and collection time. */
export const META_SECTION = 'meta';

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

/** The software list's identity keys as stored: JSON, deflated (~10 KB for 900 programs, half the section's size). */
function packIdentities(software: Inventory['software']): Uint8Array {
  return deflateRawSync(JSON.stringify(softwareIdentityKeys(software)), { level: 1 });
}

/** The identity keys `packIdentities` stored. */
export function unpackIdentities(packed: Uint8Array): string[] {
  return JSON.parse(sectionJson('', packed)) as string[];
}

export function prepareInventory(inventory: Inventory, options: PrepareOptions = {}): PreparedInventory {
  const sections: PreparedSection[] = [];
  for (const section of InventorySectionNames) {
    const value = inventory[section] ?? null;
    const data = JSON.stringify(value);
    const volatile = VolatileSections.includes(section);
    const stable = volatile ? value : (stableSection(inventory, section) ?? null);
    // Most sections are their own stable projection: hash the text already made rather than a second one.
    const stableHash = sha256(stable === value ? data : JSON.stringify(stable));
    const identities = section === 'software' && options.forChange ? packIdentities(inventory.software) : null;
    sections.push({ section, hash: stableHash, ...packSection(data), volatile, identities });
  }
  for (const [section, value] of [
    [PROBLEMS_SECTION, inventory.problems],
    [META_SECTION, { machineId: inventory.machineId, collectedAt: inventory.collectedAt }],
  ] as const) {
    const data = JSON.stringify(value);
    sections.push({ section, hash: sha256(data), ...packSection(data), volatile: true, identities: null });
  }
  return {
    sections,
    summary: JSON.stringify(summarizeInventory(inventory)),
    hostname: inventory.os?.hostname ?? null,
    facts: pcFactsOf(inventory),
    programRows: programRowsOf(inventory.software),
  };
}
