import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../../src/server/store/openDatabase';
import type { Logger } from '../../../src/shared/logger';

const pgUrl = process.env.PASANG_TEST_PG_URL;
const describePg = pgUrl ? describe : describe.skip;

describePg('PostgreSQL store: a lost idle connection', () => {
  it('is logged and replaced, not an unhandled error that ends the process', async () => {
    const name = `pasang_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl!);
    url.pathname = `/${name}`;
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (msg: string) => void warnings.push(msg),
      error: () => undefined,
      child: () => logger,
    } as unknown as Logger;
    const db = await openDatabase({ dataDir: os.tmpdir(), url: url.toString(), poolSize: 2, logger });
    try {
      await Promise.all([sql`SELECT pg_sleep(0.05)`.execute(db.db), sql`SELECT pg_sleep(0.05)`.execute(db.db)]);
      // Both pooled connections are idle now; the server ends them (as a restart or an administrator would).
      const ended = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      expect(ended.rowCount).toBeGreaterThan(0);
      // Each ended connection is reported (and dropped from the pool) once its end reaches the client.
      for (let i = 0; i < 250 && warnings.length < ended.rowCount!; i++) await new Promise((r) => setTimeout(r, 20));
      expect(warnings).toEqual(Array.from({ length: ended.rowCount! }, () => 'idle database connection lost'));
      const r = await sql<{ one: number }>`SELECT 1 AS one`.execute(db.db);
      expect(r.rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
