/**
 * Stores inventories section by section, writing only the sections whose stable content changed, and records what
 * changed and when. An inventory whose hash the server already holds costs one read.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { summarizeInventory } from '../../shared/agentSummary';
import { stableSection, VolatileSections } from '../../shared/inventoryProjection';
import { InventorySectionNames, type Inventory, type InstalledSoftware } from '../../shared/protocol/inventory';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import { diffSoftware, type InventoryChange } from './inventoryChanges';

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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Name of the stored pseudo-section holding the collector's problems (never a change of its own). */
const PROBLEMS = 'problems';
const META = 'meta';

export class InventoryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async ingest(agentId: string, hash: string, inventory: Inventory): Promise<IngestResult> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const agent = await trx.selectFrom('agents').select(['inventory_hash']).where('id', '=', agentId).executeTakeFirst();
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
      const writes: { section: string; hash: string; data: string }[] = [];

      for (const section of InventorySectionNames) {
        const value = inventory[section] ?? null;
        const data = JSON.stringify(value);
        const stable = VolatileSections.includes(section) ? value : (stableSection(inventory, section) ?? null);
        // Most sections are their own stable projection: hash the text already made rather than a second one.
        const stableHash = sha256(stable === value ? data : JSON.stringify(stable));
        const prevHash = stored.get(section);
        if (prevHash === stableHash) continue;
        writes.push({ section, hash: stableHash, data });
        if (VolatileSections.includes(section) || initial) continue;
        const prev = prevHash
          ? await trx.selectFrom('inventory_sections').select('data').where('agent_id', '=', agentId).where('section', '=', section).executeTakeFirst()
          : undefined;
        const before: unknown = prev ? JSON.parse(prev.data) : null;
        if (section === 'software') {
          changes.push(diffSoftware((before as InstalledSoftware[] | null) ?? [], inventory.software ?? []));
        } else {
          changes.push({ section, before, after: value });
        }
      }
      for (const [section, value] of [
        [PROBLEMS, inventory.problems],
        [META, { machineId: inventory.machineId, collectedAt: inventory.collectedAt }],
      ] as const) {
        const data = JSON.stringify(value);
        writes.push({ section, hash: sha256(data), data });
      }

      for (const w of writes) {
        await trx
          .insertInto('inventory_sections')
          .values({ agent_id: agentId, section: w.section, hash: w.hash, data: w.data, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['agent_id', 'section']).doUpdateSet({ hash: w.hash, data: w.data, updated_at: now }),
          )
          .execute();
      }
      if (initial || changes.length > 0) {
        await trx
          .insertInto('inventory_history')
          .values({ agent_id: agentId, recorded_at: now, inventory_hash: hash, changes: JSON.stringify(initial ? null : changes) })
          .execute();
      }
      await trx
        .updateTable('agents')
        .set({
          inventory_hash: hash,
          inventory_updated_at: now,
          summary: JSON.stringify(summarizeInventory(inventory)),
          ...(inventory.os?.hostname ? { hostname: inventory.os.hostname } : {}),
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
        .select(['agent_id', 'section', 'data'])
        .where('agent_id', 'in', agentIds.slice(i, i + 500))
        .where('section', 'in', sections)
        .execute();
      for (const r of rows) {
        let inv = out.get(r.agent_id);
        if (!inv) out.set(r.agent_id, (inv = { problems: {} }));
        const value: unknown = JSON.parse(r.data);
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
      .select(['section', 'data', 'updated_at'])
      .where('agent_id', '=', agentId)
      .execute();
    if (rows.length === 0) return null;
    const out: Record<string, unknown> = {};
    let storedAt = 0;
    for (const r of rows) {
      storedAt = Math.max(storedAt, r.updated_at);
      const value: unknown = JSON.parse(r.data);
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
