/**
 * Migration `0009_audit_extra`: the audit log refuses UPDATE, DELETE (and, on PostgreSQL, TRUNCATE) in the database
 * itself, so that not even a bug in the server can rewrite history; `pasang-server audit verify` still catches an edit
 * made behind the database's back (a trigger dropped, the SQLite file edited). Also the indexes the console's filters
 * use (by actor, by action), newest first by `seq`, and the one the SOP reports page through ticket_steps with.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The message both dialects raise, so that tests and callers can recognise the refusal. */
export const AUDIT_APPEND_ONLY_MESSAGE = 'audit_log is append-only';

export function auditExtraMigration(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      if (dialect === 'sqlite') {
        for (const op of ['update', 'delete'] as const) {
          await sql
            .raw(
              `CREATE TRIGGER audit_log_no_${op} BEFORE ${op.toUpperCase()} ON audit_log ` +
                `BEGIN SELECT RAISE(ABORT, '${AUDIT_APPEND_ONLY_MESSAGE}'); END`,
            )
            .execute(db);
        }
      } else {
        await sql
          .raw(
            `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
              `BEGIN RAISE EXCEPTION '${AUDIT_APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$`,
          )
          .execute(db);
        await sql
          .raw('CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()')
          .execute(db);
        // Row triggers do not fire on TRUNCATE; a statement trigger does.
        await sql.raw('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()').execute(db);
      }
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
      // The reports read a period's step intervals in (started_at, id) order, page by page: served by this index alone.
      await db.schema.createIndex('ticket_steps_started_id').on('ticket_steps').columns(['started_at', 'id']).execute();
    },
  };
}
