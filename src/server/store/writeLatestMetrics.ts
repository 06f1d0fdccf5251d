/**
 * Brings agents' rows up to date with their newest metrics sample (the copy the agent list reads), many agents in one
 * statement over a JSON parameter. A row already holding a newer sample is left alone.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './openDatabase';
import type { Database } from './schema';

export interface LatestRow {
  agentId: string;
  sampledAt: number;
  receivedAt: number;
  /** Stored as its JSON text. */
  sample: unknown;
}

export async function writeLatestMetrics(
  db: Kysely<Database>,
  dialect: DialectName,
  rows: readonly LatestRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const latest = JSON.stringify(rows.map((s) => [s.agentId, s.sampledAt, s.receivedAt, s.sample]));
  if (dialect === 'sqlite') {
    await sql`UPDATE agents SET last_metrics = v.value->3, last_metrics_at = v.value->>1,
        last_seen_at = max(coalesce(agents.last_seen_at, 0), v.value->>2)
      FROM json_each(${latest}) AS v
      WHERE agents.id = v.value->>0 AND (agents.last_metrics_at IS NULL OR agents.last_metrics_at <= v.value->>1)`.execute(
      db,
    );
  } else {
    await sql`UPDATE agents SET last_metrics = (v.e->3)::text, last_metrics_at = (v.e->>1)::bigint,
        last_seen_at = greatest(coalesce(agents.last_seen_at, 0), (v.e->>2)::bigint)
      FROM (SELECT json_array_elements(${latest}::json) AS e) AS v
      WHERE agents.id = v.e->>0 AND (agents.last_metrics_at IS NULL OR agents.last_metrics_at <= (v.e->>1)::bigint)`.execute(
      db,
    );
  }
}
