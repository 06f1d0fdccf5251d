/**
 * Marks the jobs agents acknowledged as delivered, a batch of acks in one statement over a JSON parameter (json_each
 * on SQLite, json_array_elements on PostgreSQL). An ack per UPDATE and commit cost ~100 µs each, and a push to
 * 10,000 PCs brings 10,000 acks back while the server is still sending the push's last jobs. Only a job of the PC
 * that acknowledged it and still queued changes; the rows that did are returned.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './openDatabase';
import type { Database } from './schema';

export interface Delivery {
  jobId: string;
  agentId: string;
}

export async function markJobsDelivered(db: Kysely<Database>, dialect: DialectName, now: number, deliveries: readonly Delivery[]): Promise<Delivery[]> {
  const json = JSON.stringify(deliveries.map((d) => [d.jobId, d.agentId]));
  const query =
    dialect === 'sqlite'
      ? sql<{ id: string; agent_id: string }>`UPDATE jobs SET state = 'delivered', delivered_at = ${now}, updated_at = ${now}
          FROM (SELECT value->>0 AS id, value->>1 AS agent_id FROM json_each(${json})) AS d
          WHERE jobs.id = d.id AND jobs.agent_id = d.agent_id AND jobs.state = 'queued'
          RETURNING jobs.id, jobs.agent_id`
      : sql<{ id: string; agent_id: string }>`UPDATE jobs SET state = 'delivered', delivered_at = ${now}::bigint, updated_at = ${now}::bigint
          FROM json_array_elements(${json}::json) AS d
          WHERE jobs.id = d->>0 AND jobs.agent_id = d->>1 AND jobs.state = 'queued'
          RETURNING jobs.id, jobs.agent_id`;
  const { rows } = await query.execute(db);
  return rows.map((r) => ({ jobId: r.id, agentId: r.agent_id }));
}
