/**
 * An inventory turned into what the store writes: each section as JSON (a large one deflated, sectionData.ts) with the
 * hash of its stable part, the summary the agent list shows, the hostname. Pure and free of the database, so that it
 * can run on a worker thread (frameDecoderWorker.ts) next to the frame's decoding: for a ~900-program inventory this is
 * most of the CPU an ingest costs, and the main thread then only compares hashes and writes.
 */
import { hash } from 'node:crypto';
import { summarizeInventory } from '../../shared/agentSummary';
import { stableSection, VolatileSections } from '../../shared/inventoryProjection';
import { InventorySectionNames, type Inventory } from '../../shared/protocol/inventory';
import { pcFactsOf, programRowsOf, type PcFacts, type ProgramRows } from '../store/pcFacts';
import { packSection, type SectionData } from '../store/sectionData';
import { softwareIdentitiesJson } from './inventoryChanges';

export interface PreparedSection extends SectionData {
  section: string;
  /** SHA-256 of the section's stable projection (what counts as a change). */
  hash: string;
  /** A section whose changes are never history (live state, the collector's problems, the meta record). */
  volatile: boolean;
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
  /**
   * The software list as the history's diff reads it (inventoryChanges.ts), made only `forChange` (the PC has an
   * inventory stored already: this one may be a change); null otherwise, or when the agent sent no list.
   */
  softwareIdentities: string | null;
}

export interface PrepareOptions {
  /** The store holds an inventory of this PC already, so the software diff's material is worth making here. */
  forChange?: boolean;
}

/** Name of the stored pseudo-section holding the collector's problems (never a change of its own). */
export const PROBLEMS_SECTION = 'problems';
/** Name of the stored pseudo-section holding machine id and collection time. */
export const META_SECTION = 'meta';

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
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
    sections.push({ section, hash: stableHash, ...packSection(data), volatile });
  }
  for (const [section, value] of [
    [PROBLEMS_SECTION, inventory.problems],
    [META_SECTION, { machineId: inventory.machineId, collectedAt: inventory.collectedAt }],
  ] as const) {
    const data = JSON.stringify(value);
    sections.push({ section, hash: sha256(data), ...packSection(data), volatile: true });
  }
  return {
    sections,
    summary: JSON.stringify(summarizeInventory(inventory)),
    hostname: inventory.os?.hostname ?? null,
    facts: pcFactsOf(inventory),
    programRows: programRowsOf(inventory.software),
    softwareIdentities: options.forChange && inventory.software ? softwareIdentitiesJson(inventory.software) : null,
  };
}
