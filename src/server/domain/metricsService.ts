/**
 * Live metrics: each sample is stored (keyed by agent and sample time, so a resent sample is stored once), the latest
 * is kept on the agent's row, and samples older than the retention are pruned: a short ring buffer per agent.
 */
import { sql, type Kysely } from 'kysely';
import type { MetricsSample } from '../../shared/protocol/inventory';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import { WriteBatcher } from './writeBatcher';

export interface MetricsServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How long samples are kept. @default 1 hour */
  retentionMs?: number;
  /** Rows per INSERT statement (SQLite allows 32,766 parameters). @default 500 */
  rowsPerStatement?: number;
}

interface SampleWrite {
  agentId: string;
  sampledAt: number;
  receivedAt: number;
  data: string;
}

export class MetricsService {
  private readonly batcher: WriteBatcher<SampleWrite>;
  private readonly retentionMs: number;
  private readonly rowsPerStatement: number;
  private stored = 0;

  constructor(private readonly options: MetricsServiceOptions) {
    this.retentionMs = options.retentionMs ?? 3600_000;
    this.rowsPerStatement = options.rowsPerStatement ?? 500;
    this.batcher = new WriteBatcher({ flush: (items) => this.write(items) });
  }

  /** Resolves once the sample is committed. */
  record(agentId: string, sample: MetricsSample): Promise<void> {
    const sampledAt = Date.parse(sample.sampledAt);
    return this.batcher.add({ agentId, sampledAt, receivedAt: this.options.clock.now(), data: JSON.stringify(sample) });
  }

  get storedCount(): number {
    return this.stored;
  }

  get backlog(): number {
    return this.batcher.pending;
  }

  private async write(items: SampleWrite[]): Promise<void> {
    // The newest sample per agent becomes its latest; older ones in the same batch only go to the ring.
    const latest = new Map<string, SampleWrite>();
    for (const s of items) {
      const cur = latest.get(s.agentId);
      if (!cur || cur.sampledAt <= s.sampledAt) latest.set(s.agentId, s);
    }
    await this.options.db.transaction().execute(async (trx) => {
      for (let i = 0; i < items.length; i += this.rowsPerStatement) {
        const chunk = items.slice(i, i + this.rowsPerStatement);
        await trx
          .insertInto('metrics_samples')
          .values(chunk.map((s) => ({ agent_id: s.agentId, sampled_at: s.sampledAt, received_at: s.receivedAt, data: s.data })))
          .onConflict((oc) => oc.columns(['agent_id', 'sampled_at']).doNothing())
          .execute();
      }
      // One statement for the whole batch: a per-agent UPDATE costs more than storing the sample itself.
      const newest = [...latest.values()];
      for (let i = 0; i < newest.length; i += this.rowsPerStatement) {
        const rows = newest
          .slice(i, i + this.rowsPerStatement)
          .map((s) => sql`(${s.agentId}, ${s.data}, CAST(${s.sampledAt} AS BIGINT), CAST(${s.receivedAt} AS BIGINT))`);
        await sql`UPDATE agents SET last_metrics = v.column2, last_metrics_at = v.column3, last_seen_at = v.column4
          FROM (VALUES ${sql.join(rows)}) AS v
          WHERE agents.id = v.column1 AND (agents.last_metrics_at IS NULL OR agents.last_metrics_at <= v.column3)`.execute(trx);
      }
    });
    this.stored += items.length;
  }

  async recent(agentId: string, limit: number): Promise<MetricsSample[]> {
    const rows = await this.options.db
      .selectFrom('metrics_samples')
      .select('data')
      .where('agent_id', '=', agentId)
      .orderBy('sampled_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => JSON.parse(r.data) as MetricsSample);
  }

  /** Drops samples past the retention; returns how many. */
  async prune(): Promise<number> {
    const r = await this.options.db
      .deleteFrom('metrics_samples')
      .where('received_at', '<', this.options.clock.now() - this.retentionMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  close(): Promise<void> {
    return this.batcher.close();
  }
}
