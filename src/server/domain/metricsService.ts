/**
 * Live metrics: each sample is stored (keyed by sample time and agent, so a resent sample is stored once) before it is
 * acknowledged, samples received before the retention are pruned: a short ring buffer of the fleet's samples. The newest sample is kept
 * in memory (LatestMetrics) and reaches the agent's row about once a minute and when the agent disconnects.
 */
import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { MetricsSample } from '../../shared/protocol/inventory';
import { systemDrive } from '../../shared/install/specCheck';
import type { Database } from '../store/schema';
import type { DialectName } from '../store/openDatabase';
import { metricsBatchWriter, type MetricsBatchWriter, type SampleRow } from '../store/writeMetricsBatch';
import { writeLatestMetrics } from '../store/writeLatestMetrics';
import type { Clock } from './clock';
import { WriteBatcher, type Done } from './writeBatcher';
import { LatestMetrics, type LatestSample } from './latestMetrics';

export interface MetricsServiceOptions {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw handle under `db` on SQLite (OpenedDatabase.sqlite): samples are written through it. */
  sqlite?: SqliteDatabase.Database;
  clock: Clock;
  /** How long samples are kept. @default 1 hour */
  retentionMs?: number;
  /** Longest a sample waits to be written with others (a batch of 2,000 is written at once). @default METRICS_BATCH_DELAY_MS */
  batchDelayMs?: number;
  /** Where each agent's newest sample waits for its row (share it with the AgentRegistry). @default one of its own */
  latest?: LatestMetrics;
  /** How long an agent's row may lag its newest sample. @default 60000 */
  latestFlushMs?: number;
}

/** Longest a sample waits to be written with others, by default (see the constructor). */
export const METRICS_BATCH_DELAY_MS = 2000;

/** The rows are written in this many slices per flush interval, so that no single write touches 20,000 rows. */
const LATEST_SLICES = 30;

/** A sample on its way to the ring, and then the agent's latest (LatestMetrics keeps this same object). */
type SampleWrite = SampleRow & LatestSample;

export class MetricsService {
  private readonly batcher: WriteBatcher<SampleWrite>;
  private readonly rows: WriteBatcher<[string, LatestSample]>;
  private readonly retentionMs: number;
  private readonly latest: LatestMetrics;
  private readonly latestTimer: NodeJS.Timeout;
  private stored = 0;
  private readonly writeSamples: MetricsBatchWriter;

  constructor(private readonly options: MetricsServiceOptions) {
    this.retentionMs = options.retentionMs ?? 3600_000;
    this.latest = options.latest ?? new LatestMetrics();
    this.writeSamples = metricsBatchWriter(options.db, options.dialect, options.sqlite);
    // A commit costs about as much as a few dozen samples: at 2,000 samples a second a 20 ms window makes batches of
    // ~40 and the commits dominate. Longer windows share more index pages between their samples (standalone, 10,000
    // agents: 25.9 µs per sample in batches of 200, 21.7 in batches of 500), and wake the process less often: at 1,000
    // agents (100 samples a second) 2 s instead of 0.5 s, with WAL checkpoints every 10 s instead of 2 s, made a
    // stored sample 0.84× as costly (two servers side by side). An ack is held far longer anyway (METRICS_ACK_HOLD_MS),
    // the agent's outbox keeps the sample meanwhile, and live watchers get it as it arrives (LiveWatch), not from here.
    this.batcher = new WriteBatcher({
      flush: (items) => this.write(items),
      maxDelayMs: options.batchDelayMs ?? METRICS_BATCH_DELAY_MS,
    });
    this.rows = new WriteBatcher({ flush: (entries) => this.writeRows(entries), maxDelayMs: 200 });
    const flushMs = options.latestFlushMs ?? 60_000;
    this.latestTimer = setInterval(() => this.flushSlice(), flushMs / LATEST_SLICES);
    this.latestTimer.unref();
  }

  /** Resolves once the sample is committed. */
  record(agentId: string, sample: MetricsSample): Promise<void> {
    return new Promise((resolve, reject) =>
      this.store(agentId, sample, (err) => (err === null ? resolve() : reject(err))),
    );
  }

  /** Calls `done(null)` once the sample is committed, or `done(err)`: `record` without a promise (the hub's path). */
  store(agentId: string, sample: MetricsSample, done: Done): void {
    const sampledAt = Date.parse(sample.sampledAt);
    const systemFreeBytes = systemDrive({ fileSystems: sample.diskFree })?.freeBytes ?? null;
    const write = {
      agentId,
      sampledAt,
      receivedAt: this.options.clock.now(),
      sampleJson: JSON.stringify(sample),
      systemFreeBytes,
    };
    this.batcher.submit(write, done);
  }

  get storedCount(): number {
    return this.stored;
  }

  get backlog(): number {
    return this.batcher.pending;
  }

  private async write(items: SampleWrite[]): Promise<void> {
    await this.writeSamples(items);
    this.stored += items.length;
    // Only committed samples become the latest readers see.
    for (const s of items) this.latest.note(s.agentId, s);
  }

  /** One slice of the agents whose rows lag: about every agent's row is brought up to date once per flush interval. */
  private flushSlice(): void {
    const n = Math.ceil(this.latest.size / LATEST_SLICES);
    if (n > 0) this.queueRows(this.latest.take(n));
  }

  /** The agent went away: its row gets its newest sample now. */
  agentDisconnected(agentId: string): void {
    this.queueRows(this.latest.take(1, agentId));
  }

  private queueRows(entries: [string, LatestSample][]): void {
    for (const e of entries) {
      // A failed write gives the entry back (LatestMetrics.failed); the next slice writes it again.
      this.rows.add(e).catch(() => undefined);
    }
  }

  private async writeRows(entries: [string, LatestSample][]): Promise<void> {
    try {
      await writeLatestMetrics(
        this.options.db,
        this.options.dialect,
        entries.map(([agentId, s]) => ({ agentId, ...s })),
      );
      this.latest.written(entries);
    } catch (err) {
      this.latest.failed(entries);
      throw err;
    }
  }

  /**
   * One PC's newest samples. The samples are kept in time order for every PC together (migration 0019, which made
   * storing them append), so this walks the time index back from the newest: its cost grows with the fleet's samples
   * since the `limit`-th newest of this PC (at 10,000 PCs every 10 s, ~1,000 index entries per second back; a PC whose
   * clock is far behind is found last).
   */
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

  /** Drops samples received before the retention (by receipt, not the PC's clock, which may be wrong); returns how many. */
  async prune(): Promise<number> {
    const r = await this.options.db
      .deleteFrom('metrics_samples')
      .where('received_at', '<', this.options.clock.now() - this.retentionMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Writes what is queued, then every agent's newest sample to its row. */
  async close(): Promise<void> {
    clearInterval(this.latestTimer);
    await this.batcher.close();
    this.queueRows(this.latest.take(Number.MAX_SAFE_INTEGER));
    await this.rows.close();
  }
}
