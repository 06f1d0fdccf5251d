/**
 * Table types and migration of work-order documents: each work order's public verification code (the QR code leads
 * to it), and every distinct PDF issued for it, so that a copy printed before the ticket moved on still verifies as
 * an earlier version of the same document instead of "no match".
 */
import type { ColumnDefinitionBuilder, Generated, Kysely, Migration } from 'kysely';

export interface WorkOrdersTable {
  ticket_id: string;
  /**
   * The verification code in `/verify/work-orders/<code>`: 192 random bits, base64url. Kept in clear, unlike API
   * tokens: it is printed on every copy of the document and only lets one read that one document.
   */
  verification_code: string;
  created_at: number;
}

/** A PDF issued for a work order; the same bytes are recorded once. */
export interface WorkOrderVersionsTable {
  id: Generated<number>;
  ticket_id: string;
  content_sha256: string;
  pdf_sha256: string;
  /** The canonical JSON the content hash covers (the PDF can be rebuilt from it). */
  content_json: string;
  created_at: number;
}

/** A type, not an interface: `Kysely.withTables` needs the index signature only type aliases get implicitly. */
export type WorkOrderDatabase = {
  work_orders: WorkOrdersTable;
  work_order_versions: WorkOrderVersionsTable;
};

export function workOrdersMigration(dialect: 'sqlite' | 'postgres'): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  const serialId = dialect === 'postgres' ? 'bigserial' : 'integer';
  const serialPk = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('work_orders')
        .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id'))
        .addColumn('verification_code', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('work_order_versions')
        .addColumn('id', serialId, serialPk)
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('work_orders.ticket_id'))
        .addColumn('content_sha256', 'text', (c) => c.notNull())
        .addColumn('pdf_sha256', 'text', (c) => c.notNull())
        .addColumn('content_json', 'text', (c) => c.notNull())
        .addColumn('created_at', bigint, (c) => c.notNull())
        .addUniqueConstraint('work_order_versions_pdf', ['ticket_id', 'pdf_sha256'])
        .execute();
    },
  };
}
