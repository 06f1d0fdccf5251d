/**
 * The databases a store test runs against: always SQLite in a temp dir, and PostgreSQL when PASANG_TEST_PG_URL is
 * set (.ci/run sets it), each test file in a database of its own that is dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/server/store/openDatabase';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  open(): Promise<OpenedDatabase & { dispose(): Promise<void> }>;
}

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'sqlite',
      async open() {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-store-'));
        const db = await openDatabase({ dataDir: dir });
        return {
          ...db,
          async dispose() {
            await db.close();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const pgUrl = process.env.PASANG_TEST_PG_URL;
  if (pgUrl) {
    list.push({
      name: 'postgres',
      async open() {
        const name = `pasang_test_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const url = new URL(pgUrl);
        url.pathname = `/${name}`;
        const db = await openDatabase({ dataDir: os.tmpdir(), url: url.toString(), poolSize: 4 });
        return {
          ...db,
          async dispose() {
            await db.close();
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
