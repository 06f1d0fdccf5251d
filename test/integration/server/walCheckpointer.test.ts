import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase, type OpenedDatabase } from '../../../src/server/store/openDatabase';
import { WalCheckpointer } from '../../../src/server/store/walCheckpointer';
import { silentLogger } from '../../../src/shared/logger';

describe('WalCheckpointer', () => {
  let dir: string;
  let store: OpenedDatabase;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-wal-'));
    store = await openDatabase({ dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes checkpoints off the main connection, which checkpoints by itself again once the worker stops', async () => {
    const sqlite = store.sqlite!;
    expect(store.checkpointer).toBeDefined();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    sqlite.exec('CREATE TABLE t (x TEXT)');
    const insert = sqlite.prepare('INSERT INTO t (x) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(4000));
    const stats = await store.checkpointer!.checkpointNow();
    expect(stats.runs).toBeGreaterThan(0);
    expect(stats.logFrames).toBeGreaterThanOrEqual(200);
    expect(stats.checkpointedFrames).toBe(stats.logFrames);
    // What the worker copied is in the database file: a connection that ignores the log reads it from there.
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(path.join(dir, 'pasang.db'), copy);
    const reader = new SqliteDatabase(copy, { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 200 });
    reader.close();
    await store.checkpointer!.close();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('cuts a grown log file back one step per rewind, down to the limit, rather than all at once in a commit', async () => {
    const KB = 1024;
    const file = path.join(dir, 'grown.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`journal_size_limit = ${256 * KB}`);
    const checkpointer = new WalCheckpointer({
      sqlite,
      file,
      logger: silentLogger,
      intervalMs: 3_600_000,
      sizeLimitBytes: 256 * KB,
      shrinkStepBytes: 512 * KB,
    });
    await checkpointer.ready;
    const walSize = () => fs.statSync(`${file}-wal`).size;
    sqlite.exec('CREATE TABLE t (x TEXT)');
    const insert = sqlite.prepare('INSERT INTO t (x) VALUES (?)');
    sqlite.transaction(() => {
      for (let i = 0; i < 1000; i++) insert.run('x'.repeat(3000));
    })();
    const grown = walSize();
    expect(grown).toBeGreaterThan(3000 * KB);
    // Each checkpoint copies the whole log; the next commit rewinds it and cuts the file by one step at most.
    const sizes = [grown];
    for (let i = 0; i < 20 && sizes[sizes.length - 1]! > 256 * KB; i++) {
      const stats = await checkpointer.checkpointNow();
      expect(stats.checkpointedFrames).toBe(stats.logFrames);
      insert.run('y');
      sizes.push(walSize());
    }
    expect(sizes[sizes.length - 1]).toBe(256 * KB);
    const cuts = sizes.slice(1).map((size, i) => sizes[i]! - size);
    expect(cuts.length).toBeGreaterThanOrEqual(Math.floor((grown - 256 * KB) / (512 * KB)));
    expect(Math.max(...cuts)).toBeLessThanOrEqual(512 * KB);
    expect(sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1000 + cuts.length });
    await checkpointer.close();
    expect(sqlite.pragma('journal_size_limit', { simple: true })).toBe(256 * KB);
    sqlite.close();
  });

  it('lets a short-lived process (a CLI command) open, close and go on', async () => {
    const script = `
      const { openDatabase } = require(${JSON.stringify(path.resolve('dist/server/store/openDatabase.js'))});
      openDatabase({ dataDir: process.argv[1] })
        .then((s) => s.close())
        .then(() => process.stdout.write('closed'));`;
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['-e', script, path.join(dir, 'cli')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('closed');
  });

  it('keeps every commit through a crash of the process between checkpoints', async () => {
    // A child process writes and acknowledges (prints) each commit, then is killed before any checkpoint copies them.
    const script = `
      const { openDatabase } = require(${JSON.stringify(path.resolve('dist/server/store/openDatabase.js'))});
      openDatabase({ dataDir: process.argv[1] }).then((s) => {
        s.sqlite.exec('CREATE TABLE IF NOT EXISTS acked (n INTEGER)');
        const ins = s.sqlite.prepare('INSERT INTO acked (n) VALUES (?)');
        for (let i = 1; i <= 50; i++) { ins.run(i); process.stdout.write(i + '\\n'); }
        process.kill(process.pid, 'SIGKILL');
      });`;
    const other = path.join(dir, 'crash');
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['-e', script, other], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    const acked = r.stdout.trim().split('\n').filter(Boolean).length;
    expect(acked).toBe(50);
    const db = new SqliteDatabase(path.join(other, 'pasang.db'));
    expect(db.prepare('SELECT count(*) AS n FROM acked').get()).toEqual({ n: acked });
    db.close();
  });
});
