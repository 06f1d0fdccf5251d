/**
 * Table type and migration of the audit log: append-only, each entry carrying the SHA-256 of the one before it, so
 * that a changed or removed entry breaks the chain (`pasang-server audit verify`).
 */
import type { Kysely, Migration } from 'kysely';

export interface AuditLogTable {
  /** 1, 2, 3, … with no gaps. */
  seq: number;
  /** Epoch milliseconds (UTC). */
  at: number;
  /** 'user', 'api-token', 'agent', 'system', 'cli' */
  actor_kind: string;
  actor_id: string | null;
  /** Where from: the client's IP address, or 'cli' / 'system'. */
  source: string | null;
  /** What was done, e.g. 'ticket.approve', 'user.create', 'job.push'. */
  action: string;
  /** What it was done to, e.g. 'ticket:<id>'. */
  target: string | null;
  /** JSON: details (never secrets). */
  data: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditDatabase {
  audit_log: AuditLogTable;
}

export function auditMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', bigint, (c) => c.primaryKey())
        .addColumn('at', bigint, (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('source', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('data', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();
    },
  };
}
