/** The audit log on both dialects: the chain, appends inside the caller's transaction, concurrency, append-only, verify. */
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { AuditLog, GENESIS_HASH, auditEntryHash, type AuditEntryInput } from '../../../src/server/domain/auditLog';
import { AUDIT_APPEND_ONLY_MESSAGE } from '../../../src/server/store/auditExtraTables';
import { testDatabases } from '../../support/databases';

const entry = (n: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actorKind: 'user',
  actorId: `user-${n % 3}`,
  source: '127.0.0.1',
  action: n % 2 ? 'ticket.approve' : 'agent.revoke',
  target: `ticket:${n}`,
  data: { n, note: `entry ${n}` },
  ...over,
});

describe.each(testDatabases())('AuditLog on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let now: number;
  let log: AuditLog;
  const clock = { now: () => now };

  beforeEach(async () => {
    now = Date.parse('2026-11-25T08:00:00Z');
    db = await database.open();
    log = new AuditLog({ db: db.db, dialect: db.dialect, clock, verifyPageSize: 4 });
  });
  afterEach(async () => {
    await db.dispose();
  });

  /** Edits behind the log's back, as someone with the database file would: the triggers are dropped first. */
  async function tamper(statement: string) {
    if (db.dialect === 'sqlite') {
      await sql.raw('DROP TRIGGER audit_log_no_update').execute(db.db);
      await sql.raw('DROP TRIGGER audit_log_no_delete').execute(db.db);
    } else {
      await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER USER').execute(db.db);
    }
    await sql.raw(statement).execute(db.db);
  }

  describe('append', () => {
    it('chains each entry to the one before, from the genesis hash', async () => {
      const first = await log.append(entry(1));
      now += 1000;
      const second = await log.append(entry(2));
      expect(first).toMatchObject({ seq: 1, at: Date.parse('2026-11-25T08:00:00Z'), prevHash: GENESIS_HASH, data: { n: 1, note: 'entry 1' } });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
      const rows = await db.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      expect(rows.map((r) => auditEntryHash(r))).toEqual([first.hash, second.hash]);
    });

    it('commits with the caller’s transaction and rolls back with it, leaving no gap', async () => {
      await log.append(entry(1));
      await expect(
        db.db.transaction().execute(async (trx) => {
          await log.append(entry(2), trx);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await db.db.transaction().execute(async (trx) => {
        await log.append(entry(3), trx);
      });
      const rows = await db.db.selectFrom('audit_log').select(['seq', 'target']).orderBy('seq').execute();
      expect(rows).toEqual([
        { seq: 1, target: 'ticket:1' },
        { seq: 2, target: 'ticket:3' },
      ]);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 2 });
    });

    it('never forks the chain when many appends race, alone or inside transactions', async () => {
      const alone = Array.from({ length: 30 }, (_, i) => log.append(entry(i)));
      const inTransactions = Array.from({ length: 30 }, (_, i) =>
        db.db.transaction().execute(async (trx) => {
          await trx.selectFrom('audit_log').select('seq').limit(1).execute();
          return log.append(entry(100 + i), trx);
        }),
      );
      const stored = await Promise.all([...alone, ...inTransactions]);
      expect(stored.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(new Set(stored.map((e) => e.prevHash)).size).toBe(60);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 60 });
    });

    (database.name === 'sqlite' ? it : it.skip)('never forks the chain while another connection (the CLI, another process) appends too', async () => {
      // The other writer follows the same protocol on its own connection and thread: BEGIN IMMEDIATE, read the newest
      // entry, insert the next. Its entries are hashed as auditEntryHash does (canonical JSON, sorted keys).
      const worker = new Worker(
        `const { workerData } = require('node:worker_threads');
         const { createHash } = require('node:crypto');
         const Database = require(workerData.driver);
         const db = new Database(workerData.file);
         db.pragma('busy_timeout = 5000');
         const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
         const insert = db.prepare('INSERT INTO audit_log (seq, at, actor_kind, actor_id, source, action, target, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
         for (let i = 0; i < workerData.count; i++) {
           db.exec('BEGIN IMMEDIATE');
           const prev = last.get();
           const e = { action: 'cli.test', actorId: 'ops', actorKind: 'cli', at: 1, data: null, prevHash: prev ? prev.hash : '0'.repeat(64), seq: prev ? prev.seq + 1 : 1, source: 'cli', target: null, v: 1 };
           const hash = createHash('sha256').update(JSON.stringify(e)).digest('hex');
           insert.run(e.seq, e.at, e.actorKind, e.actorId, e.source, e.action, e.target, e.data, e.prevHash, hash);
           db.exec('COMMIT');
         }
         db.close();`,
        { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file: db.sqlite!.name, count: 300 } },
      );
      const done = new Promise<void>((resolve, reject) => {
        worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
        worker.once('error', reject);
      });
      for (let i = 0; i < 300; i++) await log.append(entry(i));
      await done;
      const actions = await db.db.selectFrom('audit_log').select('action').execute();
      expect(actions).toHaveLength(600);
      expect(actions.filter((a) => a.action === 'cli.test')).toHaveLength(300);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 600 });
    });

    it('refuses data that holds a secret, and malformed entries', async () => {
      await expect(log.append(entry(1, { data: { agentSecret: 'x' } }))).rejects.toThrow(/secrets never go in the log/);
      await expect(log.append(entry(1, { data: { nested: [{ password: 'x' }] } }))).rejects.toThrow(/password/);
      await expect(log.append(entry(1, { action: 'approve' }))).rejects.toThrow(/area.verb/);
      await expect(log.append(entry(1, { actorKind: 'root' as never }))).rejects.toThrow(/actor kind/);
      expect(await db.db.selectFrom('audit_log').select('seq').execute()).toEqual([]);
    });

    it('redacts a value that looks like a token (values may come from untrusted input)', async () => {
      const token = `pst_${'A'.repeat(43)}`;
      const stored = await log.append(entry(1, { data: { hostname: `pc ${token}` } }));
      expect(stored.data).toEqual({ hostname: 'pc [redacted]' });
      expect(JSON.stringify(await db.db.selectFrom('audit_log').selectAll().execute())).not.toContain(token);
    });
  });

  describe('the table', () => {
    it('refuses UPDATE and DELETE, even from inside the server', async () => {
      await log.append(entry(1));
      // Matched by message, not with toThrow: better-sqlite3 keeps the SqliteError class of the first Jest test file
      // that loaded it in this worker (addon.isInitialized), so in later files it is not `instanceof` this realm's Error.
      const refused = { message: expect.stringContaining(AUDIT_APPEND_ONLY_MESSAGE) };
      await expect(db.db.updateTable('audit_log').set({ action: 'x.y' }).execute()).rejects.toMatchObject(refused);
      await expect(db.db.deleteFrom('audit_log').execute()).rejects.toMatchObject(refused);
      if (db.dialect === 'postgres') await expect(sql.raw('TRUNCATE audit_log').execute(db.db)).rejects.toMatchObject(refused);
      expect(await db.db.selectFrom('audit_log').select(['seq', 'action']).execute()).toEqual([{ seq: 1, action: 'ticket.approve' }]);
    });
  });

  describe('verify', () => {
    beforeEach(async () => {
      for (let i = 1; i <= 10; i++) {
        await log.append(entry(i));
        now += 1000;
      }
    });

    it('checks every entry, page by page', async () => {
      const last = await db.db.selectFrom('audit_log').select('hash').where('seq', '=', 10).executeTakeFirstOrThrow();
      expect(await log.verify()).toEqual({ ok: true, entries: 10, lastHash: last.hash });
    });

    it('says an empty log is whole', async () => {
      const empty = await database.open();
      try {
        expect(await new AuditLog({ db: empty.db, dialect: empty.dialect, clock }).verify()).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
      } finally {
        await empty.dispose();
      }
    });

    it('names a changed entry', async () => {
      await tamper(`UPDATE audit_log SET data = '{"n":6,"note":"nothing happened"}' WHERE seq = 6`);
      expect(await log.verify()).toEqual({ ok: false, firstBrokenSeq: 6, reason: 'entry 6 was changed (its content does not match its hash)', entriesChecked: 5 });
    });

    it('names the next entry when a changed one was given a fresh hash', async () => {
      const row = await db.db.selectFrom('audit_log').selectAll().where('seq', '=', 7).executeTakeFirstOrThrow();
      const forged = auditEntryHash({ ...row, actor_id: 'someone-else' });
      await tamper(`UPDATE audit_log SET actor_id = 'someone-else', hash = '${forged}' WHERE seq = 7`);
      expect(await log.verify()).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: expect.stringContaining('does not link to entry 7') });
    });

    it('names a deleted entry in the middle, and a deleted first one', async () => {
      await tamper('DELETE FROM audit_log WHERE seq = 5');
      expect(await log.verify()).toEqual({ ok: false, firstBrokenSeq: 5, reason: 'entry 5 is missing (the next one is entry 6)', entriesChecked: 4 });
      await sql.raw('DELETE FROM audit_log WHERE seq = 1').execute(db.db);
      expect(await log.verify()).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'entry 1 is missing (the log starts at entry 2)' });
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      for (let i = 1; i <= 9; i++) await log.append(entry(i));
      await log.append(entry(10, { action: 'ticket_step.breach' }));
    });

    it('pages newest first', async () => {
      const first = await log.list({ limit: 4 });
      expect(first.items.map((e) => e.seq)).toEqual([10, 9, 8, 7]);
      expect(first.nextBefore).toBe(7);
      const rest = await log.list({ limit: 10, before: 7 });
      expect(rest.items.map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(rest.nextBefore).toBeNull();
    });

    it('filters by target, actor and action, and by every action of an area', async () => {
      expect((await log.list({ limit: 50, target: 'ticket:3' })).items.map((e) => e.seq)).toEqual([3]);
      expect((await log.list({ limit: 50, actorId: 'user-0' })).items.map((e) => e.seq)).toEqual([9, 6, 3]);
      expect((await log.list({ limit: 50, action: 'agent.revoke' })).items.map((e) => e.seq)).toEqual([8, 6, 4, 2]);
      // 'ticket.*' is the ticket area only, not 'ticket_step.…'
      expect((await log.list({ limit: 50, action: 'ticket.*' })).items.map((e) => e.seq)).toEqual([9, 7, 5, 3, 1]);
    });
  });
});
