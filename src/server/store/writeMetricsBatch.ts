/**
 * Writes a batch of metrics samples in one transaction. A resent sample (same agent and sample time) is stored once;
 * the key leads with the time, so a batch appends (migration 0019). Each agent's newest sample reaches its row
 * separately and less often (writeLatestMetrics.ts, LatestMetrics).
 *
 * - SQLite: one prepared INSERT run per sample on the raw better-sqlite3 handle, inside one transaction, while holding
 *   the query builder's connection (so no other query of the builder's runs in between). Measured on a migrated store
 *   with 20,000 PCs, batches of 1,000: 9.2 CPU-µs per sample, against 13.8 for the one INSERT over the batch as a JSON
 *   parameter (json_each) that it replaced, 0.67× (`node test/bench/metricsWrite.bench.js`); through the query
 *   builder's value lists a sample cost ~30. Since each sample's text is made on arrival rather than here, 3.9
 *   against 7.3 for json_each given the same texts (0.54×, same bench, 10 rounds).
 * - PostgreSQL: one statement over one JSON parameter (json_array_elements): one round trip per batch.
 */
import { sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { DialectName } from './openDatabase';
import type { Database } from './schema';

export interface SampleRow {
  agentId: string;
  sampledAt: number;
  receivedAt: number;
  /** The sample as received (validated), as its JSON text: made once, when it arrives (see LatestSample). */
  sampleJson: string;
}

export type MetricsBatchWriter = (samples: readonly SampleRow[]) => Promise<void>;

const SQLITE_INSERT = `INSERT INTO metrics_samples (agent_id, sampled_at, received_at, data) VALUES (?, ?, ?, ?)
  ON CONFLICT (sampled_at, agent_id) DO NOTHING`;

/** The writer for this store: `sqlite` is the raw handle under `db` when the dialect is SQLite. */
export function metricsBatchWriter(db: Kysely<Database>, dialect: DialectName, sqlite?: SqliteDatabase.Database): MetricsBatchWriter {
  if (dialect === 'sqlite') {
    if (!sqlite) throw new Error('storing metrics on SQLite needs the raw SQLite handle');
    const insert = sqlite.prepare(SQLITE_INSERT);
    const writeAll = sqlite.transaction((samples: readonly SampleRow[]) => {
      for (const s of samples) insert.run(s.agentId, s.sampledAt, s.receivedAt, s.sampleJson);
    });
    // Holding the builder's one connection: a transaction of the builder's is never open around this one (it would
    // otherwise become a savepoint inside it, and go if that one rolled back).
    return (samples) => db.connection().execute(async () => writeAll(samples));
  }
  return async (samples) => {
    const rows = `[${samples.map((s) => `[${JSON.stringify(s.agentId)},${s.sampledAt},${s.receivedAt},${s.sampleJson}]`).join(',')}]`;
    await sql`INSERT INTO metrics_samples (agent_id, sampled_at, received_at, data)
      SELECT e->>0, (e->>1)::bigint, (e->>2)::bigint, (e->3)::text FROM json_array_elements(${rows}::json) AS e
      ON CONFLICT (sampled_at, agent_id) DO NOTHING`.execute(db);
  };
}
