/**
 * Writes a batch of metrics samples as one statement over one JSON parameter (json_each on SQLite,
 * json_array_elements on PostgreSQL). Through the query builder's value lists a sample cost ~30 µs of server CPU;
 * this way ~5. A resent sample (same agent and sample time) is stored once; the key leads with the time, so a batch
 * appends (migration 0019). Each agent's newest sample reaches its
 * row separately and less often (writeLatestMetrics.ts, LatestMetrics).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './openDatabase';
import type { Database } from './schema';

export interface SampleRow {
  agentId: string;
  sampledAt: number;
  receivedAt: number;
  /** The sample as received (validated); serialised once, inside the batch's parameter, and stored as its JSON text. */
  sample: unknown;
}

export async function writeMetricsBatch(
  db: Kysely<Database>,
  dialect: DialectName,
  samples: readonly SampleRow[],
): Promise<void> {
  const rows = JSON.stringify(samples.map((s) => [s.agentId, s.sampledAt, s.receivedAt, s.sample]));
  if (dialect === 'sqlite') {
    await sql`INSERT INTO metrics_samples (agent_id, sampled_at, received_at, data)
      SELECT value->>0, value->>1, value->>2, value->3 FROM json_each(${rows}) WHERE true
      ON CONFLICT (sampled_at, agent_id) DO NOTHING`.execute(db);
  } else {
    await sql`INSERT INTO metrics_samples (agent_id, sampled_at, received_at, data)
      SELECT e->>0, (e->>1)::bigint, (e->>2)::bigint, (e->3)::text FROM json_array_elements(${rows}::json) AS e
      ON CONFLICT (sampled_at, agent_id) DO NOTHING`.execute(db);
  }
}
