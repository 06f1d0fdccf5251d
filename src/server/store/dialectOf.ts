/** Which database a Kysely instance (or a transaction of one) talks to, for the few statements written per dialect. */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { DialectName } from './openDatabase';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the adapter is looked at
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
