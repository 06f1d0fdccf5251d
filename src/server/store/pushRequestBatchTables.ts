/**
 * Migration `0016_push_request_batches` and its table: the batches an approved two-person push has stored so far, one
 * row per batch written in that batch's own transaction. A push is sent in slices, each committed and dispatched on
 * its own; this table is how a push interrupted between slices (a crash, a failed slice) knows which of its PCs already
 * have their jobs, so that finishing it never sends a PC the same push twice.
 */
import type { Kysely, Migration } from 'kysely';

export interface PushRequestBatchesTable {
  push_request_id: string;
  batch_id: string;
  /** Jobs in the batch (one per PC). */
  jobs: number;
  created_at: number;
}

export interface PushRequestBatchDatabase {
  push_request_batches: PushRequestBatchesTable;
}

export function pushRequestBatchesMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('push_request_batches')
        .addColumn('push_request_id', 'text', (c) => c.notNull().references('push_requests.id'))
        .addColumn('batch_id', 'text', (c) => c.notNull().references('job_batches.id'))
        .addColumn('jobs', 'integer', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('push_request_batches_pk', ['push_request_id', 'batch_id'])
        .execute();
    },
  };
}
