/**
 * Table types and migration 0007 of people: the TOTP state beside `users.totp_secret` (the active secret): a secret
 * being enrolled and not yet confirmed, and the last step accepted, so a code cannot be used twice.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface UserTotpTable {
  user_id: string;
  /** Base32 secret shown at enrollment, active once confirmed with a code (then moved to users.totp_secret). */
  pending_secret: Defaulted<string | null>;
  /** The TOTP time step of the last code accepted; codes of that step or earlier are refused. */
  last_step: Defaulted<number | null>;
}

export interface PeopleExtraDatabase {
  user_totp: UserTotpTable;
}

export function peopleExtraMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('user_totp')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('pending_secret', 'text')
        .addColumn('last_step', bigint)
        .execute();
    },
  };
}
