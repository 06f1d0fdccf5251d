/**
 * The databases a whole-server test runs on: SQLite under the harness's data dir always, and a PostgreSQL database of
 * its own (dropped afterwards) when PASANG_TEST_PG_URL is set.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ServerDatabase {
  name: 'sqlite' | 'postgres';
  /** The `db` option for startServer (undefined: SQLite), and how to drop it afterwards. */
  create(): Promise<{ db: string | undefined; dispose(): Promise<void> }>;
}

export function serverDatabases(): ServerDatabase[] {
  const list: ServerDatabase[] = [
    { name: 'sqlite', create: async () => ({ db: undefined, dispose: async () => undefined }) },
  ];
  const pgUrl = process.env.PASANG_TEST_PG_URL;
  if (pgUrl) {
    list.push({
      name: 'postgres',
      async create() {
        const name = `pasang_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const url = new URL(pgUrl);
        url.pathname = `/${name}`;
        return {
          db: url.toString(),
          async dispose() {
            const a = new pg.Client({ connectionString: pgUrl });
            await a.connect();
            await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await a.end();
          },
        };
      },
    });
  }
  return list;
}
