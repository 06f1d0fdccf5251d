/**
 * Live metrics: each sample is stored (keyed by agent and sample time, so a resent sample is stored once), the latest
 * is kept on the agent's row, and samples older than the retention are pruned: a short ring buffer per agent.
 */
import type { Kysely } from 'kysely';
import type { MetricsSample } from '../../shared/protocol/inventory';
import type { Database } from '../store/schema';
import type { DialectName } from '../store/openDatabase';
import { writeMetricsBatch, type SampleRow } from '../store/writeMetricsBatch';
import type { Clock } from './clock';
import { WriteBatcher } from './writeBatcher';

export interface MetricsServiceOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  /** How long samples are kept. @default 1 hour */
  retentionMs?: number;
  /** Longest a sample waits to be written with others. @default 200 */
  batchDelayMs?: number;
}

type SampleWrite = SampleRow;

export class MetricsService {
  private readonly batcher: WriteBatcher<SampleWrite>;
  private readonly retentionMs: number;
  private stored = 0;

  constructor(private readonly options: MetricsServiceOptions) {
    this.retentionMs = options.retentionMs ?? 3600_000;
    // A commit costs about as much as a few dozen samples: at 2,000 samples a second a 20 ms window makes batches of
    // ~40 and the commits dominate. 200 ms batches of ~400; an agent's ack waits that long at most.
    this.batcher = new WriteBatcher({ flush: (items) => this.write(items), maxDelayMs: options.batchDelayMs ?? 200 });
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
    await this.options.db.transaction().execute((trx) => writeMetricsBatch(trx, this.options.dialect, items, [...latest.values()]));
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
