/**
 * Makes the real audit log fail on chosen entries, for tests that an action and its audit entry commit together: a
 * trigger on `audit_log` (SQLite and PostgreSQL) refuses the INSERT of an entry whose action is listed in the test's
 * own table and whose data matches the listed LIKE pattern. The store persists both, so a CLI or a restarted server on
 * the same store is refused alike.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../src/server/store/openDatabase';
import type { Database } from '../../src/server/store/schema';

export const AUDIT_REFUSED_MESSAGE = 'audit write refused by the test';

export interface AuditRefusal {
  /** Refuses entries of `action` whose canonical JSON data is LIKE `dataLike` (every one by default). */
  refuse(action: string, dataLike?: string): Promise<void>;
  /** Lets every entry through again. */
  allowAll(): Promise<void>;
}

export async function installAuditRefusal(db: Kysely<Database>, dialect: DialectName): Promise<AuditRefusal> {
  await sql.raw('CREATE TABLE test_refused_audit (action TEXT NOT NULL, data_like TEXT NOT NULL)').execute(db);
  if (dialect === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log
         WHEN EXISTS (SELECT 1 FROM test_refused_audit r WHERE r.action = NEW.action AND coalesce(NEW.data, '') LIKE r.data_like)
         BEGIN SELECT RAISE(ABORT, '${AUDIT_REFUSED_MESSAGE}'); END`,
      )
      .execute(db);
  } else {
    await sql
      .raw(
        `CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF EXISTS (SELECT 1 FROM test_refused_audit r WHERE r.action = NEW.action AND coalesce(NEW.data, '') LIKE r.data_like) THEN
             RAISE EXCEPTION '${AUDIT_REFUSED_MESSAGE}';
           END IF;
           RETURN NEW;
         END $$`,
      )
      .execute(db);
    await sql.raw('CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()').execute(db);
  }
  return auditRefusal(db);
}

/** The refusals of a store the trigger is already installed in (a server started again on it). */
export function auditRefusal(db: Kysely<Database>): AuditRefusal {
  return {
    async refuse(action, dataLike = '%') {
      await sql`INSERT INTO test_refused_audit (action, data_like) VALUES (${action}, ${dataLike})`.execute(db);
    },
    async allowAll() {
      await sql.raw('DELETE FROM test_refused_audit').execute(db);
    },
  };
}
