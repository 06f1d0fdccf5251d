/**
 * Inserts the jobs of one batch as a single statement over a JSON parameter (json_each on SQLite,
 * json_array_elements on PostgreSQL): 20,000 rows through the query builder's value lists cost ~50 µs each, this a
 * few. The only dialect-specific SQL of the job store, kept here with the driver knowledge.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './openDatabase';
import type { Database } from './schema';

export interface NewJob {
  jobId: string;
  agentId: string;
  leafIndex: number;
}

export async function insertJobRows(db: Kysely<Database>, dialect: DialectName, batchId: string, now: number, jobs: readonly NewJob[]): Promise<void> {
  const json = JSON.stringify(jobs.map((j) => [j.jobId, j.agentId, j.leafIndex]));
  if (dialect === 'sqlite') {
    await sql`INSERT INTO jobs (id, batch_id, agent_id, leaf_index, state, created_at, updated_at)
      SELECT value->>0, ${batchId}, value->>1, value->>2, 'queued', ${now}, ${now} FROM json_each(${json})`.execute(db);
  } else {
    await sql`INSERT INTO jobs (id, batch_id, agent_id, leaf_index, state, created_at, updated_at)
      SELECT e->>0, ${batchId}, e->>1, (e->>2)::int, 'queued', ${now}::bigint, ${now}::bigint FROM json_array_elements(${json}::json) AS e`.execute(db);
  }
}
