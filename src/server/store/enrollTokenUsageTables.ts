/**
 * Migration `0012_enroll_token_usage` and its columns: what the enrollment tokens list shows beside the counts —
 * the token's first characters (never the rest: the token is stored hashed), who made it, when it was last used,
 * and who revoked it. Tokens made before this migration have nulls there.
 */
import type { ColumnType, Kysely, Migration } from 'kysely';

/** A column an insert may leave out (NULL). */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface EnrollTokenUsageColumns {
  /** `pse_` and the next four characters of the token: enough to tell tokens apart, far too few to guess it. */
  token_prefix: Defaulted<string | null>;
  /** The audit actor who made it: kind ('user', 'api-token', 'cli', 'system') and id. */
  created_by_kind: Defaulted<string | null>;
  created_by_id: Defaulted<string | null>;
  /** When a PC last enrolled with it. */
  last_used_at: Defaulted<number | null>;
  revoked_by_kind: Defaulted<string | null>;
  revoked_by_id: Defaulted<string | null>;
}

export function enrollTokenUsageMigration(bigint: 'bigint' | 'integer'): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then
    async up(db: Kysely<any>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      const columns: [string, 'text' | 'bigint' | 'integer'][] = [
        ['token_prefix', 'text'],
        ['created_by_kind', 'text'],
        ['created_by_id', 'text'],
        ['last_used_at', bigint],
        ['revoked_by_kind', 'text'],
        ['revoked_by_id', 'text'],
      ];
      for (const [name, type] of columns) await db.schema.alterTable('enroll_tokens').addColumn(name, type).execute();
      await db.schema.createIndex('enroll_tokens_created').on('enroll_tokens').columns(['created_at', 'id']).execute();
    },
  };
}
