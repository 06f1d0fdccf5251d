/**
 * Brings agents' rows up to date with their newest metrics sample (the copy the agent list reads), many agents in one
 * statement over a JSON parameter. A row already holding a newer sample is left alone. The system drive's free space
 * in the sample also becomes the row's `system_free_bytes`, which the PC list's free-disk filter reads (an inventory
 * is sent again only when its stable part changes, and free space is not part of it).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './openDatabase';
import type { Database } from './schema';

export interface LatestRow {
  agentId: string;
  sampledAt: number;
  receivedAt: number;
  /** The sample's JSON text. */
  sampleJson: string;
  /** The system drive's free space in the sample, if it says. */
  systemFreeBytes: number | null;
}

export async function writeLatestMetrics(
  db: Kysely<Database>,
  dialect: DialectName,
  rows: readonly LatestRow[],
): Promise<void> {
  if (rows.length === 0) return;
  // The samples' texts go in as they are (JSON inside JSON), not parsed and serialised again.
  const latest = `[${rows.map((s) => `[${JSON.stringify(s.agentId)},${s.sampledAt},${s.receivedAt},${s.sampleJson},${s.systemFreeBytes ?? 'null'}]`).join(',')}]`;
  if (dialect === 'sqlite') {
    await sql`UPDATE agents SET last_metrics = v.value->3, last_metrics_at = v.value->>1,
        last_seen_at = max(coalesce(agents.last_seen_at, 0), v.value->>2),
        system_free_bytes = coalesce(v.value->>4, agents.system_free_bytes)
      FROM json_each(${latest}) AS v
      WHERE agents.id = v.value->>0 AND (agents.last_metrics_at IS NULL OR agents.last_metrics_at <= v.value->>1)`.execute(
      db,
    );
  } else {
    await sql`UPDATE agents SET last_metrics = (v.e->3)::text, last_metrics_at = (v.e->>1)::bigint,
        last_seen_at = greatest(coalesce(agents.last_seen_at, 0), (v.e->>2)::bigint),
        system_free_bytes = coalesce((v.e->>4)::bigint, agents.system_free_bytes)
      FROM (SELECT json_array_elements(${latest}::json) AS e) AS v
      WHERE agents.id = v.e->>0 AND (agents.last_metrics_at IS NULL OR agents.last_metrics_at <= (v.e->>1)::bigint)`.execute(
      db,
    );
  }
}
