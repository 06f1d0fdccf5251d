/**
 * Migration `0017_tray_requests` and its table: the outcome of each ticket request and action a tray sent through its
 * agent's outbox, by the envelope's id. The outbox sends at least once (an ack lost on the way back means a resend
 * of the same envelope); the server answers a repeated id with the reply it stored the first time instead of
 * submitting or acting again. The row of an applied request is written in the same transaction as the change.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';

/** A column an insert may leave out (NULL). */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface TrayRequestsTable {
  /** `<agent id>:<envelope id>`: an envelope id is the agent's outbox entry id, unique only per agent. */
  request_key: string;
  agent_id: string;
  /** 'ticket.submit' or 'ticket.act'. */
  type: string;
  /** JSON: the `reply` payload sent (minus its refId); null while the change is committed but the reply not yet stored. */
  reply_json: Defaulted<string | null>;
  created_at: number;
}

export interface TrayRequestDatabase {
  tray_requests: TrayRequestsTable;
}

export function trayRequestsMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tray_requests')
        .addColumn('request_key', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('reply_json', 'text')
        .addColumn('created_at', bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tray_requests_created').on('tray_requests').column('created_at').execute();
    },
  };
}
