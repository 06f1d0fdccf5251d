/** `pasang-server audit verify`, `backup` and `restore`, run as the CLI runs them, on real store files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { runServerCli } from '../../../src/server/cli/serverCli';
import { AuditLog } from '../../../src/server/domain/auditLog';
import { openDatabase } from '../../../src/server/store/openDatabase';
import { inspectSqliteFile } from '../../../src/server/store/sqliteFiles';
import { testDatabases } from '../../support/databases';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-admin-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runServerCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** Edits the store file directly, as someone with access to it would: the append-only triggers are dropped first. */
function tamper(dataDir: string, statement: string) {
  const db = new SqliteDatabase(path.join(dataDir, 'pasang.db'));
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.exec(statement);
  } finally {
    db.close();
  }
}

describe('pasang-server audit verify', () => {
  let data: string;
  beforeEach(async () => {
    data = path.join(dir, 'data');
    for (const args of [['enroll-token', 'create', '--uses', '5'], ['enroll-token', 'create'], ['api-token', 'create', '--role', 'admin', '--name', 'ops'], ['enroll-token', 'create']]) {
      expect((await cli(...args, '--data-dir', data)).code).toBe(0);
    }
  });

  it('says ok with the number of entries, each CLI command recorded as the OS user at the CLI', async () => {
    const r = await cli('audit', 'verify', '--data-dir', data);
    expect(r).toMatchObject({ code: 0, out: ['ok: 4 entries', expect.stringMatching(/^last hash: [0-9a-f]{64}$/)] });
    const db = new SqliteDatabase(path.join(data, 'pasang.db'), { readonly: true });
    const rows = db.prepare('SELECT seq, actor_kind, actor_id, source, action, data FROM audit_log ORDER BY seq').all() as any[];
    db.close();
    expect(rows.map((e) => e.action)).toEqual(['enroll_token.create', 'enroll_token.create', 'api_token.create', 'enroll_token.create']);
    expect(rows[2]).toMatchObject({ actor_kind: 'cli', actor_id: os.userInfo().username, source: 'cli' });
    expect(JSON.parse(rows[2].data)).toMatchObject({ name: 'ops', role: 'admin' });
  });

  it('reports the first broken link of a changed entry and exits 1', async () => {
    tamper(data, `UPDATE audit_log SET data = '{"name":"ops","role":"employee"}' WHERE seq = 3`);
    const r = await cli('audit', 'verify', '--data-dir', data);
    expect(r).toMatchObject({ code: 1, out: ['broken at entry 3: entry 3 was changed (its content does not match its hash)'] });
  });

  it('reports a deleted entry in the middle', async () => {
    tamper(data, 'DELETE FROM audit_log WHERE seq = 2');
    const r = await cli('audit', 'verify', '--data-dir', data);
    expect(r).toMatchObject({ code: 1, out: ['broken at entry 2: entry 2 is missing (the next one is entry 3)'] });
  });

  it('refuses unknown arguments with the usage and exit 2', async () => {
    const r = await cli('audit', 'verify', '--data-dir', data, '--fast');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^pasang-server: Unknown option '--fast'/);
    expect(r.err[0]).toContain('pasang-server audit verify');
  });
});

/**
 * A writer on its own thread and connection, as the server would be: each transaction adds one row to two tables,
 * so a consistent copy has as many of one as of the other. `progress` counts its commits.
 */
function startWriter(file: string) {
  const progress = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.file);
     db.pragma('busy_timeout = 5000');
     const a = db.prepare('INSERT INTO server_settings (key, value) VALUES (?, ?)');
     const b = db.prepare('INSERT INTO enroll_tokens (id, token_hash, created_at, uses) VALUES (?, ?, 0, 0)');
     const pair = db.transaction((i) => { a.run('w-' + i, 'x'.repeat(200)); b.run('w-' + i, 'hash-' + i); });
     for (let i = 0; Atomics.load(workerData.progress, 1) === 0; i++) { pair(i); Atomics.store(workerData.progress, 0, i + 1); }
     db.close();`,
    { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, progress } },
  );
  const exited = new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  return {
    get commits() {
      return Atomics.load(progress, 0);
    },
    async stop() {
      Atomics.store(progress, 1, 1);
      await exited;
    },
  };
}

function pairs(file: string): { settings: number; tokens: number } {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return {
      settings: Number(db.prepare("SELECT count(*) FROM server_settings WHERE key LIKE 'w-%'").pluck().get()),
      tokens: Number(db.prepare("SELECT count(*) FROM enroll_tokens WHERE id LIKE 'w-%'").pluck().get()),
    };
  } finally {
    db.close();
  }
}

describe('pasang-server backup and restore (SQLite)', () => {
  let data: string;
  beforeEach(async () => {
    data = path.join(dir, 'data');
    const store = await openDatabase({ dataDir: data });
    const audit = new AuditLog({ db: store.db, dialect: 'sqlite', clock: { now: () => Date.now() } });
    for (let i = 0; i < 50; i++) await audit.append({ actorKind: 'system', actorId: null, source: 'system', action: 'test.seed', target: `n:${i}`, data: { i } });
    // Enough data that VACUUM INTO takes a while, so the writer commits during it.
    store.sqlite!.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO server_settings (key, value) SELECT 'seed-' || i, hex(randomblob(100)) FROM n`);
    await store.close();
  });

  it('takes a consistent backup while writes happen, and restores it into a fresh data dir', async () => {
    const file = path.join(data, 'pasang.db');
    const writer = startWriter(file);
    while (writer.commits < 20) await new Promise((r) => setImmediate(r));
    const before = writer.commits;
    const out = path.join(dir, 'backup.db');
    const backup = await cli('backup', '--out', out, '--data-dir', data);
    const after = writer.commits;
    await writer.stop();
    expect(backup.code).toBe(0);
    expect(after).toBeGreaterThan(before);
    expect(backup.out[0]).toMatch(new RegExp(`^backup written: ${out} \\(sqlite, [\\d.]+ (KiB|MiB), sha256 [0-9a-f]{64}\\)$`));
    expect(backup.out[1]).toMatch(/^integrity ok; .*audit_log 50/);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);

    const copied = inspectSqliteFile(out);
    expect(copied.integrity).toBe('ok');
    const inBackup = pairs(out);
    expect(inBackup.settings).toBe(inBackup.tokens);
    expect(inBackup.settings).toBeGreaterThan(0);
    // The source only grew after the snapshot: every table has at least what the backup has.
    const source = inspectSqliteFile(file).counts;
    for (const [table, n] of Object.entries(copied.counts)) expect(source[table]).toBeGreaterThanOrEqual(n);

    const fresh = path.join(dir, 'restored');
    const restore = await cli('restore', '--from', out, '--data-dir', fresh);
    expect(restore.code).toBe(0);
    expect(restore.out[0]).toMatch(/^restored .*pasang\.db: integrity ok; /);
    expect(restore.err).toEqual([expect.stringMatching(/^warning: keys\/server-signing-key\.pem is missing/)]);
    const restored = inspectSqliteFile(path.join(fresh, 'pasang.db'));
    expect(restored.integrity).toBe('ok');
    expect({ ...restored.counts, audit_log: restored.counts.audit_log! - 1 }).toEqual(copied.counts);
    expect(pairs(path.join(fresh, 'pasang.db'))).toEqual(inBackup);
    const verify = await cli('audit', 'verify', '--data-dir', fresh);
    expect(verify.out[0]).toBe('ok: 51 entries');
    const source2 = await cli('audit', 'verify', '--data-dir', data);
    expect(source2.out[0]).toBe('ok: 51 entries'); // the seed and the backup's own entry
  });

  it('never overwrites a file with a backup', async () => {
    const out = path.join(dir, 'exists.db');
    fs.writeFileSync(out, 'precious');
    const r = await cli('backup', '--out', out, '--data-dir', data);
    expect(r.code).toBe(1);
    expect(r.err[0]).toContain('exists; a backup never overwrites a file');
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
  });

  it('asks for --out, and for --data-dir on restore (no default there)', async () => {
    expect((await cli('backup', '--data-dir', data)).code).toBe(2);
    const r = await cli('restore', '--from', 'x.db');
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain('restore needs --data-dir DIR');
  });

  it('refuses a non-empty data dir without --force, a database in use even with it, and replaces it otherwise', async () => {
    const out = path.join(dir, 'b.db');
    expect((await cli('backup', '--out', out, '--data-dir', data)).code).toBe(0);
    const target = path.join(dir, 'target');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'notes.txt'), 'x');
    const refused = await cli('restore', '--from', out, '--data-dir', target);
    expect(refused).toMatchObject({ code: 1, err: [expect.stringContaining('is not empty (notes.txt); pass --force')] });
    expect(fs.existsSync(path.join(target, 'pasang.db'))).toBe(false);

    // A server has the data dir's database open: even --force is refused.
    const running = await openDatabase({ dataDir: target });
    try {
      const inUse = await cli('restore', '--from', out, '--data-dir', target, '--force');
      expect(inUse).toMatchObject({ code: 1, err: [expect.stringContaining('is open in another process: stop pasang-server')] });
    } finally {
      await running.close();
    }
    const forced = await cli('restore', '--from', out, '--data-dir', target, '--force');
    expect(forced.code).toBe(0);
    expect(fs.existsSync(path.join(target, 'pasang.db-wal'))).toBe(false);
    expect(inspectSqliteFile(path.join(target, 'pasang.db')).counts.audit_log).toBe(51); // the 50 of the backup and the restore's own entry
  });

  it('refuses a file that is not a SQLite backup, and a SQLite file that is not a Pasang store', async () => {
    const text = path.join(dir, 'not.db');
    fs.writeFileSync(text, 'hello');
    expect((await cli('restore', '--from', text, '--data-dir', path.join(dir, 'a'))).err[0]).toContain('is not a SQLite backup');
    const other = path.join(dir, 'other.db');
    const db = new SqliteDatabase(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect((await cli('restore', '--from', other, '--data-dir', path.join(dir, 'b'))).err[0]).toContain('not a Pasang store');
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(false);
  });
});

const postgres = testDatabases().find((d) => d.name === 'postgres');
(postgres ? describe : describe.skip)('pasang-server backup (PostgreSQL)', () => {
  it('writes a pg_dump archive that restore puts into an empty database with the same rows and a whole chain', async () => {
    const source = await postgres!.open();
    const restoredName = `pasang_restore_${Date.now().toString(36)}`;
    const adminUrl = process.env.PASANG_TEST_PG_URL!;
    try {
      const audit = new AuditLog({ db: source.db, dialect: 'postgres', clock: { now: () => Date.now() } });
      for (let i = 0; i < 20; i++) await audit.append({ actorKind: 'system', actorId: null, source: 'system', action: 'test.seed', target: null, data: { i } });
      const sourceUrl = await currentUrl(source.db);
      const out = path.join(dir, 'backup.pgdump');
      const r = await cli('backup', '--out', out, '--db', sourceUrl);
      expect(r.code).toBe(0);
      expect(r.out[0]).toMatch(/^backup written: .*\(postgres, /);
      expect(r.out[1]).toMatch(/^archive checked with pg_restore --list: data of \d+ tables$/);
      expect((await cli('audit', 'verify', '--db', sourceUrl)).out[0]).toBe('ok: 21 entries');

      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${restoredName}`);
      await admin.end();
      const restoredUrl = new URL(adminUrl);
      restoredUrl.pathname = `/${restoredName}`;
      const restore = await cli('restore', '--from', out, '--db', restoredUrl.toString());
      expect(restore).toMatchObject({ code: 0, out: [expect.stringMatching(/^restored backup\.pgdump into the PostgreSQL database/), expect.any(String)] });
      const restored = await openDatabase({ dataDir: dir, url: restoredUrl.toString(), poolSize: 2 });
      try {
        const count = async (db: typeof source.db) => (await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
        // The dump's 20, and the restore's own entry; the source has the backup's own entry on top of its 20.
        expect(Number(await count(restored.db))).toBe(21);
        expect(Number(await count(source.db))).toBe(21);
        expect(await new AuditLog({ db: restored.db, dialect: 'postgres', clock: { now: () => 0 } }).verify()).toMatchObject({ ok: true, entries: 21 });
      } finally {
        await restored.close();
      }
      // The database holds tables now: refused, and nothing changes; with --force its tables are replaced.
      const again = await cli('restore', '--from', out, '--db', restoredUrl.toString());
      expect(again).toMatchObject({ code: 1, err: [expect.stringContaining('the database is not empty; nothing was restored (pass --force')] });
      expect((await cli('audit', 'verify', '--db', restoredUrl.toString())).out[0]).toBe('ok: 21 entries');
      const forced = await cli('restore', '--from', out, '--db', restoredUrl.toString(), '--force');
      expect(forced.code).toBe(0);
      expect((await cli('audit', 'verify', '--db', restoredUrl.toString())).out[0]).toBe('ok: 21 entries');
      expect((await cli('restore', '--from', path.join(dir, 'missing'), '--db', restoredUrl.toString())).code).toBe(1);
    } finally {
      await source.dispose();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
      await admin.end();
    }
  });
});

/** The URL of the test database a Kysely handle is connected to (testDatabases() does not hand it out). */
async function currentUrl(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(process.env.PASANG_TEST_PG_URL!);
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}
