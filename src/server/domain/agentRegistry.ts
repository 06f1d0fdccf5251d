/**
 * The enrolled PCs: authenticating an agent's credential, revoking it, recording when it comes and goes, and the
 * views the API lists. Presence writes are batched like metrics, so 20,000 agents reconnecting at once is one
 * transaction every few milliseconds rather than 20,000.
 */
import type { Kysely } from 'kysely';
import { withLiveDiskFree, type AgentSummary } from '../../shared/agentSummary';
import type { PcFilter } from '../../shared/pcFilter';
import type { MetricsSample } from '../../shared/protocol/inventory';
import type { Database } from '../store/schema';
import type { AuditActor, AuditRecorder } from './auditLog';
import type { Clock } from './clock';
import { secretMatches } from './secrets';
import { WriteBatcher } from './writeBatcher';
import type { LatestMetrics } from './latestMetrics';
import { pcFilterConditions } from './pcFilterConditions';
import { SummaryCache } from './summaryCache';

export type AuthResult =
  | { ok: true; agentId: string; inventoryHash: string | null }
  | { ok: false; reason: 'unknown' | 'bad-secret' | 'revoked' };

export interface AgentView {
  id: string;
  hostname: string;
  machineId: string;
  online: boolean;
  lastSeenAt: string | null;
  enrolledAt: string;
  revoked: boolean;
  agentVersion: string | null;
  summary: AgentSummary | null;
  lastMetrics: MetricsSample | null;
  inventoryUpdatedAt: string | null;
}

interface PresenceWrite {
  agentId: string;
  online: boolean;
  at: number;
  agentVersion?: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class AgentRegistry {
  private readonly presence: WriteBatcher<PresenceWrite>;
  private readonly summaries = new SummaryCache();

  /** `latest`: the newest metrics samples not yet on the agents' rows (shared with the MetricsService). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly latest?: LatestMetrics,
  ) {
    this.presence = new WriteBatcher({ flush: (items) => this.writePresence(items), maxDelayMs: 50 });
  }

  async authenticate(agentId: string, secret: string): Promise<AuthResult> {
    const row = await this.db
      .selectFrom('agents')
      .select(['id', 'secret_hash', 'revoked_at', 'inventory_hash'])
      .where('id', '=', agentId)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'unknown' };
    if (!secretMatches(secret, row.secret_hash)) return { ok: false, reason: 'bad-secret' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, agentId: row.id, inventoryHash: row.inventory_hash };
  }

  /**
   * Revokes a PC; false when it was revoked already (or is unknown), and then nothing is recorded. With `audit`, the
   * revocation is recorded as `agent.revoke` in the same transaction: a revocation whose entry cannot be written is
   * not made.
   */
  async revoke(agentId: string, audit?: { log: AuditRecorder; by: AuditActor }): Promise<boolean> {
    this.summaries.delete(agentId);
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('agents')
        .set({ revoked_at: this.clock.now() })
        .where('id', '=', agentId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      if (audit) {
        const row = await trx.selectFrom('agents').select('hostname').where('id', '=', agentId).executeTakeFirstOrThrow();
        await audit.log.append({ ...audit.by, action: 'agent.revoke', target: `agent:${agentId}`, data: { hostname: row.hostname } }, trx);
      }
      return true;
    });
  }

  /** Agents revoked at or after `since` (ms), so a running server can drop their sockets. */
  async revokedSince(since: number): Promise<string[]> {
    const rows = await this.db.selectFrom('agents').select('id').where('revoked_at', '>=', since).execute();
    return rows.map((r) => r.id);
  }

  markOnline(agentId: string, agentVersion: string | undefined): Promise<void> {
    return this.presence.add({
      agentId,
      online: true,
      at: this.clock.now(),
      ...(agentVersion ? { agentVersion } : {}),
    });
  }

  markOffline(agentId: string): Promise<void> {
    return this.presence.add({ agentId, online: false, at: this.clock.now() });
  }

  /** At start no agent is connected to this process: whatever the last run left marked online is not. */
  async resetPresence(): Promise<void> {
    await this.db.updateTable('agents').set({ online: 0 }).where('online', '=', 1).execute();
  }

  private async writePresence(items: PresenceWrite[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const p of items) {
        await trx
          .updateTable('agents')
          .set(
            p.online
              ? {
                  online: 1,
                  connected_at: p.at,
                  last_seen_at: p.at,
                  ...(p.agentVersion ? { agent_version: p.agentVersion } : {}),
                }
              : { online: 0, disconnected_at: p.at, last_seen_at: p.at },
          )
          .where('id', '=', p.agentId)
          .execute();
      }
    });
  }

  /** The PCs matching a filter (src/shared/pcFilter.ts), a page of them in host-name order, and how many match. */
  async list(options: PcFilter & { limit: number; offset: number }): Promise<{ total: number; items: AgentView[] }> {
    const { limit, offset, ...filter } = options;
    const conditions = pcFilterConditions(filter);
    const q = this.db.selectFrom('agents').where((eb) => eb.and(conditions));
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .selectAll()
      .orderBy('hostname')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
    return { total: Number(total?.n ?? 0), items: rows.map((r) => this.view(r)) };
  }

  /**
   * The enrolled, not revoked PCs among `ids` (or all of them, filtered), with the summary a spec check reads: a push
   * to 20,000 PCs checks them from this rather than from 20,000 inventories. The PCs and their inventory hashes come
   * from one query; summaries come from the cache, and only those it lacks for that hash are read and parsed.
   */
  async activeAgents(options: { ids: readonly string[] } | PcFilter): Promise<{ id: string; summary: AgentSummary | null }[]> {
    const rows = await this.activeHashes(options);
    const missing: string[] = [];
    for (const r of rows) if (r.inventory_hash !== null && !this.summaries.get(r.id, r.inventory_hash)) missing.push(r.id);
    // Read again with its hash: a PC whose inventory changed between the two reads gets the newer summary (and the
    // cache the pair that belongs together).
    const found = new Map<string, AgentSummary>();
    for (let i = 0; i < missing.length; i += 500) {
      const read = await this.db
        .selectFrom('agents')
        .select(['id', 'inventory_hash', 'summary'])
        .where('id', 'in', missing.slice(i, i + 500))
        .execute();
      for (const r of read) if (r.inventory_hash !== null && r.summary !== null) found.set(r.id, this.summaries.set(r.id, r.inventory_hash, r.summary));
    }
    return rows.map((r) => ({ id: r.id, summary: r.inventory_hash === null ? null : (this.summaries.get(r.id, r.inventory_hash) ?? found.get(r.id) ?? null) }));
  }

  private async activeHashes(options: { ids: readonly string[] } | PcFilter): Promise<{ id: string; inventory_hash: string | null }[]> {
    const ids = 'ids' in options ? options.ids : undefined;
    const conditions = 'ids' in options ? [] : pcFilterConditions(options);
    const q = this.db
      .selectFrom('agents')
      .select(['id', 'inventory_hash'])
      .where('revoked_at', 'is', null)
      .where((eb) => eb.and(conditions));
    const rows: { id: string; inventory_hash: string | null }[] = [];
    if (!ids) rows.push(...(await q.orderBy('id').execute()));
    else for (let i = 0; i < ids.length; i += 500) rows.push(...(await q.where('id', 'in', ids.slice(i, i + 500)).execute()));
    return rows;
  }

  async get(agentId: string): Promise<AgentView | null> {
    const row = await this.db.selectFrom('agents').selectAll().where('id', '=', agentId).executeTakeFirst();
    return row ? this.view(row) : null;
  }

  async counts(): Promise<{ total: number; online: number; revoked: number }> {
    const r = await this.db
      .selectFrom('agents')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>('online').as('online'),
        eb.fn.count<number>('revoked_at').as('revoked'),
      ])
      .executeTakeFirst();
    return { total: Number(r?.total ?? 0), online: Number(r?.online ?? 0), revoked: Number(r?.revoked ?? 0) };
  }

  close(): Promise<void> {
    return this.presence.close();
  }

  /** The row as the API shows it, with the newest metrics sample where the row lags it. */
  private view(row: Database['agents']): AgentView {
    const newer = this.latest?.get(row.id);
    if (!newer || (row.last_metrics_at !== null && row.last_metrics_at > newer.sampledAt)) return toView(row);
    return toView({
      ...row,
      last_metrics: newer.sampleJson,
      last_metrics_at: newer.sampledAt,
      last_seen_at: Math.max(row.last_seen_at ?? 0, newer.receivedAt),
    });
  }
}

function toView(row: Database['agents']): AgentView {
  const lastMetrics = row.last_metrics ? (JSON.parse(row.last_metrics) as MetricsSample) : null;
  const summary = row.summary ? withLiveDiskFree(JSON.parse(row.summary) as AgentSummary, lastMetrics) : null;
  return {
    id: row.id,
    hostname: row.hostname,
    machineId: row.machine_id,
    online: row.online === 1,
    lastSeenAt: iso(row.last_seen_at),
    enrolledAt: new Date(row.enrolled_at).toISOString(),
    revoked: row.revoked_at !== null,
    agentVersion: row.agent_version,
    summary,
    lastMetrics,
    inventoryUpdatedAt: iso(row.inventory_updated_at),
  };
}
