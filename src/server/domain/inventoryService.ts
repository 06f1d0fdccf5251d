/**
 * Stores inventories section by section, writing only the sections whose stable content changed, and records what
 * changed and when. An inventory whose hash the server already holds costs one read.
 */
import type { Kysely } from 'kysely';
import type { Inventory, InventorySectionName } from '../../shared/protocol/inventory';
import type { Database } from '../store/schema';
import { writeAgentPrograms } from '../store/writeAgentPrograms';
import { deflatedParam, sectionJson } from '../store/sectionData';
import type { Clock } from './clock';
import { diffSoftwareKeys, softwareIdentityKeys, type InventoryChange, type SoftwareIdentity } from './inventoryChanges';
import {
  META_SECTION as META,
  prepareInventory,
  unpackIdentities,
  type PreparedInventory,
  type PreparedSection,
} from './prepareInventory';

export interface IngestResult {
  changed: boolean;
  changes: InventoryChange[];
}

export interface InventoryHistoryEntry {
  id: number;
  recordedAt: string;
  inventoryHash: string;
  initial: boolean;
  changes: InventoryChange[];
}

export class InventoryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  ingest(agentId: string, hash: string, inventory: Inventory): Promise<IngestResult> {
    return this.ingestPrepared(agentId, hash, prepareInventory(inventory, { forChange: true }));
  }

  /** Stores an inventory already turned into section texts and hashes (on a worker thread, by the hub). */
  async ingestPrepared(agentId: string, hash: string, prepared: PreparedInventory): Promise<IngestResult> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const agent = await trx
        .selectFrom('agents')
        .select(['inventory_hash'])
        .where('id', '=', agentId)
        .executeTakeFirst();
      if (!agent || agent.inventory_hash === hash) return { changed: false, changes: [] };

      // Hashes only: a section's previous content is read back just for the sections that changed (for the history).
      const stored = new Map(
        (
          await trx
            .selectFrom('inventory_sections')
            .select(['section', 'hash'])
            .where('agent_id', '=', agentId)
            .execute()
        ).map((r) => [r.section, r.hash]),
      );
      const initial = stored.size === 0;
      const changes: InventoryChange[] = [];
      const writes: PreparedSection[] = [];

      for (const w of prepared.sections) {
        const prevHash = stored.get(w.section);
        if (prevHash === w.hash) continue;
        writes.push(w);
        if (w.volatile || initial) continue;
        const prev = prevHash
          ? await trx
              .selectFrom('inventory_sections')
              .select(['data', 'data_deflated', 'identities_deflated'])
              .where('agent_id', '=', agentId)
              .where('section', '=', w.section)
              .executeTakeFirst()
          : undefined;
        if (w.section === 'software') {
          // Both lists as the worker reduced them (prepareInventory.ts, identities), so neither section is parsed: but
          // for the list a PC's first inventory stored (or one stored before migration 0025), and for a new list the
          // worker did not expect to be a change.
          const before = !prev
            ? []
            : prev.identities_deflated
              ? unpackIdentities(prev.identities_deflated)
              : softwareIdentityKeys(JSON.parse(sectionJson(prev.data, prev.data_deflated)) as SoftwareIdentity[] | null);
          const after = w.identities
            ? unpackIdentities(w.identities)
            : softwareIdentityKeys(JSON.parse(sectionJson(w.data, w.deflated)) as SoftwareIdentity[] | null);
          changes.push(diffSoftwareKeys(before, after));
        } else {
          // Parsed only here, for a section that changed: the common case (nothing or little changed) never parses.
          const before: unknown = prev ? JSON.parse(sectionJson(prev.data, prev.data_deflated)) : null;
          const after: unknown = JSON.parse(sectionJson(w.data, w.deflated));
          changes.push({ section: w.section as Exclude<InventorySectionName, 'software'>, before, after });
        }
      }

      // One statement for all changed sections: building a query costs more than SQLite's work for a small section.
      if (writes.length > 0) {
        await trx
          .insertInto('inventory_sections')
          .values(
            writes.map((w) => ({
              agent_id: agentId,
              section: w.section,
              hash: w.hash,
              data: w.data,
              data_deflated: deflatedParam(w.deflated),
              identities_deflated: deflatedParam(w.identities),
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['agent_id', 'section']).doUpdateSet((eb) => ({
              hash: eb.ref('excluded.hash'),
              data: eb.ref('excluded.data'),
              data_deflated: eb.ref('excluded.data_deflated'),
              identities_deflated: eb.ref('excluded.identities_deflated'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      if (writes.some((w) => w.section === 'software')) {
        await writeAgentPrograms(trx, agentId, prepared.programRows, { first: initial });
      }
      if (initial || changes.length > 0) {
        await trx
          .insertInto('inventory_history')
          .values({
            agent_id: agentId,
            recorded_at: now,
            inventory_hash: hash,
            changes: JSON.stringify(initial ? null : changes),
          })
          .execute();
      }
      await trx
        .updateTable('agents')
        .set({
          inventory_hash: hash,
          inventory_updated_at: now,
          summary: prepared.summary,
          memory_bytes: prepared.facts.memoryBytes,
          system_free_bytes: prepared.facts.systemFreeBytes,
          cpu_cores: prepared.facts.cpuCores,
          cpu_model: prepared.facts.cpuModel,
          software_count: prepared.facts.softwareCount,
          ...(prepared.hostname ? { hostname: prepared.hostname } : {}),
        })
        .where('id', '=', agentId)
        .execute();
      return { changed: true, changes };
    });
  }

  /**
   * The sections a spec check reads, for many PCs in one query (a push to 20,000 PCs must not load 20,000 software
   * lists unless a requirement names prerequisite software).
   */
  async forSpecCheck(agentIds: readonly string[], withSoftware: boolean): Promise<Map<string, Inventory>> {
    const sections = ['os', 'cpu', 'memory', 'fileSystems', META, ...(withSoftware ? ['software'] : [])];
    const out = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < agentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('inventory_sections')
        .select(['agent_id', 'section', 'data', 'data_deflated'])
        .where('agent_id', 'in', agentIds.slice(i, i + 500))
        .where('section', 'in', sections)
        .execute();
      for (const r of rows) {
        let inv = out.get(r.agent_id);
        if (!inv) out.set(r.agent_id, (inv = { problems: {} }));
        const value: unknown = JSON.parse(sectionJson(r.data, r.data_deflated));
        if (r.section === META) Object.assign(inv, value);
        else if (value !== null) inv[r.section] = value;
      }
    }
    return out as Map<string, Inventory>;
  }

  /** The current inventory as the agent last reported it, or null if none arrived yet. */
  async current(agentId: string): Promise<(Inventory & { storedAt: string }) | null> {
    const rows = await this.db
      .selectFrom('inventory_sections')
      .select(['section', 'data', 'data_deflated', 'updated_at'])
      .where('agent_id', '=', agentId)
      .execute();
    if (rows.length === 0) return null;
    const out: Record<string, unknown> = {};
    let storedAt = 0;
    for (const r of rows) {
      storedAt = Math.max(storedAt, r.updated_at);
      const value: unknown = JSON.parse(sectionJson(r.data, r.data_deflated));
      if (r.section === META) Object.assign(out, value);
      else if (value !== null) out[r.section] = value;
    }
    return { ...(out as Inventory), storedAt: new Date(storedAt).toISOString() };
  }

  async history(agentId: string, options: { limit: number; beforeId?: number }): Promise<InventoryHistoryEntry[]> {
    let q = this.db
      .selectFrom('inventory_history')
      .select(['id', 'recorded_at', 'inventory_hash', 'changes'])
      .where('agent_id', '=', agentId)
      .orderBy('id', 'desc')
      .limit(options.limit);
    if (options.beforeId !== undefined) q = q.where('id', '<', options.beforeId);
    const rows = await q.execute();
    return rows.map((r) => {
      const changes = JSON.parse(r.changes) as InventoryChange[] | null;
      return {
        id: Number(r.id),
        recordedAt: new Date(r.recorded_at).toISOString(),
        inventoryHash: r.inventory_hash,
        initial: changes === null,
        changes: changes ?? [],
      };
    });
  }
}
