/**
 * Migration `0011_push_requests` and its table type: pushes to more PCs than the two-person threshold (SECURITY.md 12)
 * wait here, with the PCs frozen as the requester saw them, until another technician approves or someone rejects them.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';

/** A column an insert may leave out (NULL or its default). */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface PushRequestsTable {
  id: string;
  /** pending → sending (an approver is pushing it) → approved; or pending → rejected. */
  state: string;
  item_id: string;
  action: string;
  /** JSON: the push as asked (itemId, action, force, expiresInSec, filter) minus the PC list. */
  request_json: string;
  /** JSON: the PCs matched when it was asked; the approver approves exactly these. */
  agent_ids_json: string;
  pc_count: number;
  requested_by: string;
  requested_at: number;
  decided_by: Defaulted<string | null>;
  decided_at: Defaulted<number | null>;
  reason: Defaulted<string | null>;
  /** JSON: the batches the approved push created. */
  batch_ids_json: Defaulted<string | null>;
  jobs_created: Defaulted<number | null>;
  refused_count: Defaulted<number | null>;
}

export interface PushRequestDatabase {
  push_requests: PushRequestsTable;
}

export function pushRequestsMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('push_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('request_json', 'text', (c) => c.notNull())
        .addColumn('agent_ids_json', 'text', (c) => c.notNull())
        .addColumn('pc_count', 'integer', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', bigint, (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', bigint)
        .addColumn('reason', 'text')
        .addColumn('batch_ids_json', 'text')
        .addColumn('jobs_created', 'integer')
        .addColumn('refused_count', 'integer')
        .execute();
      await db.schema
        .createIndex('push_requests_state')
        .on('push_requests')
        .columns(['state', 'requested_at'])
        .execute();
    },
  };
}
