import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ErrorCodes } from '../../../src/shared/errors';
import { EnrollmentService } from '../../../src/server/domain/enrollment';
import { AgentRegistry } from '../../../src/server/domain/agentRegistry';
import { InventoryService } from '../../../src/server/domain/inventoryService';
import { prepareInventory, unpackIdentities } from '../../../src/server/domain/prepareInventory';
import { diffSoftware, softwareIdentityKeys } from '../../../src/server/domain/inventoryChanges';
import { MetricsService } from '../../../src/server/domain/metricsService';
import { LatestMetrics } from '../../../src/server/domain/latestMetrics';
import { ApiTokenService } from '../../../src/server/domain/apiTokens';
import { JobService, JOB_ROWS_DELAY_MS } from '../../../src/server/domain/jobService';
import { createLogger } from '../../../src/shared/logger';
import { createJobSigner } from '../../../src/server/domain/jobSigner';
import { checkDatabase } from '../../../src/server/store/migrations';
import { jobLeaf, proofOf, rootFromProof } from '../../../src/shared/install/merkle';
import { testDatabases } from '../../support/databases';
import { makeInventory, makeSoftware } from '../../support/fixtures/inventory';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(testDatabases())('server store on $name', (database) => {
  let db: Awaited<ReturnType<typeof database.open>>;
  let now: number;
  const clock = { now: () => now };

  beforeEach(async () => {
    now = Date.parse('2026-11-25T08:00:00Z');
    db = await database.open();
  });
  afterEach(async () => {
    await db.dispose();
  });

  async function enrolledAgent(hostname = 'pc-1') {
    const enrollment = new EnrollmentService(db.db, clock);
    const { token } = await enrollment.createToken({ uses: 10 });
    return enrollment.enroll({ token, machineId: `m-${hostname}`, hostname });
  }

  describe('migrations', () => {
    it('leave a consistent database', async () => {
      expect(await checkDatabase(db.db, db.dialect)).toBe('ok');
    });

    it("index a PC's jobs by agent alone (0023): a job's state is in no index, so a state change rewrites none", async () => {
      const indexes =
        db.dialect === 'sqlite'
          ? await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'`.execute(db.db)
          : await sql<{ name: string; sql: string }>`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'jobs'`.execute(db.db);
      const names = indexes.rows.map((r) => r.name);
      expect(names).toContain('jobs_agent');
      expect(names).not.toContain('jobs_agent_state');
      for (const r of indexes.rows) expect(r.sql ?? '').not.toMatch(/\bstate\b/);
      if (db.dialect === 'sqlite') {
        // A query of the kind a PC's reconnect runs (JobService.pendingFor) finds the PC's jobs through that index.
        const plan = await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE agent_id = ${'a'} AND state NOT IN ('succeeded', 'failed', 'cancelled')`.execute(db.db);
        expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING INDEX jobs_agent \(agent_id=\?\)/);
      }
    });
  });

  describe('EnrollmentService', () => {
    it('exchanges a single-use token once and refuses it after', async () => {
      const s = new EnrollmentService(db.db, clock);
      const { token } = await s.createToken();
      const first = await s.enroll({ token, machineId: 'm1', hostname: 'pc-1' });
      expect(first.agentId).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.agentSecret).toMatch(/^psa_/);
      await expect(s.enroll({ token, machineId: 'm2', hostname: 'pc-2' })).rejects.toMatchObject({
        code: ErrorCodes.ENROLL_TOKEN_INVALID,
      });
    });

    it('refuses an expired token and a revoked one', async () => {
      const s = new EnrollmentService(db.db, clock);
      const expiring = await s.createToken({ uses: null, expiresInMs: 60_000 });
      now += 60_001;
      await expect(s.enroll({ token: expiring.token, machineId: 'm', hostname: 'h' })).rejects.toMatchObject({
        code: ErrorCodes.ENROLL_TOKEN_INVALID,
      });
      const revoked = await s.createToken({ uses: 5 });
      expect(await s.revokeToken(revoked.id)).toMatchObject({ changed: true, token: { id: revoked.id, state: 'revoked' } });
      await expect(s.enroll({ token: revoked.token, machineId: 'm', hostname: 'h' })).rejects.toMatchObject({
        code: ErrorCodes.ENROLL_TOKEN_INVALID,
      });
    });

    it('lets exactly N agents in when more race for an N-use token', async () => {
      const s = new EnrollmentService(db.db, clock);
      const { token } = await s.createToken({ uses: 3 });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => s.enroll({ token, machineId: `m${i}`, hostname: `pc-${i}` })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    });

    it('stores tokens and secrets hashed, never as given', async () => {
      const s = new EnrollmentService(db.db, clock);
      const { token } = await s.createToken();
      const { agentSecret } = await s.enroll({ token, machineId: 'm', hostname: 'h' });
      const tokens = await db.db.selectFrom('enroll_tokens').selectAll().execute();
      const agents = await db.db.selectFrom('agents').selectAll().execute();
      const dump = JSON.stringify([tokens, agents]);
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(agentSecret);
      expect(dump).toContain(hash(token));
    });
  });

  describe('AgentRegistry', () => {
    it('authenticates the right secret only, and no revoked agent', async () => {
      const registry = new AgentRegistry(db.db, clock);
      const a = await enrolledAgent();
      expect(await registry.authenticate(a.agentId, a.agentSecret)).toMatchObject({ ok: true, agentId: a.agentId });
      expect(await registry.authenticate(a.agentId, 'psa_wrong')).toEqual({ ok: false, reason: 'bad-secret' });
      expect(await registry.authenticate('no-such-agent', a.agentSecret)).toEqual({ ok: false, reason: 'unknown' });
      await registry.revoke(a.agentId);
      expect(await registry.authenticate(a.agentId, a.agentSecret)).toEqual({ ok: false, reason: 'revoked' });
      expect(await registry.revokedSince(now)).toEqual([a.agentId]);
      await registry.close();
    });

    it('records presence in batches and lists with filters and pages', async () => {
      const registry = new AgentRegistry(db.db, clock);
      const ids = [];
      for (const h of ['pc-a', 'pc-b', 'pc-c', 'lab_1']) ids.push((await enrolledAgent(h)).agentId);
      await Promise.all([registry.markOnline(ids[0]!, '0.1.0'), registry.markOnline(ids[2]!, undefined)]);
      const online = await registry.list({ limit: 10, offset: 0, online: true });
      expect(online.items.map((a) => a.hostname).sort()).toEqual(['pc-a', 'pc-c']);
      expect(online.items.find((a) => a.hostname === 'pc-a')?.agentVersion).toBe('0.1.0');
      const page = await registry.list({ limit: 2, offset: 1 });
      expect(page.total).toBe(4);
      expect(page.items.map((a) => a.hostname)).toEqual(['pc-a', 'pc-b']);
      // LIKE wildcards in a search are literal.
      expect((await registry.list({ limit: 10, offset: 0, search: '_' })).items.map((a) => a.hostname)).toEqual([
        'lab_1',
      ]);
      await registry.markOffline(ids[0]!);
      expect(await registry.counts()).toEqual({ total: 4, online: 1, revoked: 0 });
      await registry.close();
    });
  });

  describe('InventoryService', () => {
    it('stores a first inventory whole, then only the sections that changed, with what changed', async () => {
      const inv = new InventoryService(db.db, clock);
      const { agentId } = await enrolledAgent();
      const first = makeInventory({ software: 900 });
      expect(await inv.ingest(agentId, hash('1'), first)).toEqual({ changed: true, changes: [] });
      const stamps = async () =>
        Object.fromEntries(
          (
            await db.db
              .selectFrom('inventory_sections')
              .select(['section', 'updated_at'])
              .where('agent_id', '=', agentId)
              .execute()
          ).map((r) => [r.section, r.updated_at]),
        );
      const before = await stamps();
      now += 1000;

      const software = makeSoftware(900);
      software.splice(5, 1); // removed
      software[10] = { ...software[10]!, version: '9.9.9' }; // upgraded
      software.push({ name: 'libreoffice', version: '7.4.7', source: 'dpkg' }); // added
      const second = { ...first, software };
      const r = await inv.ingest(agentId, hash('2'), second);
      expect(r.changed).toBe(true);
      expect(r.changes).toEqual([
        {
          section: 'software',
          added: [{ name: 'libreoffice', version: '7.4.7' }],
          removed: [{ name: 'package-0005', version: '1.5.0' }],
          updated: [{ name: 'package-0011', from: '1.11.0', to: '9.9.9' }],
        },
      ]);
      // The PC filter's rows follow the list: the removed program's row is gone, the added one's is there.
      const programs = (
        await db.db
          .selectFrom('agent_programs')
          .innerJoin('agent_numbers', 'agent_numbers.no', 'agent_programs.agent_no')
          .select('program')
          .where('agent_numbers.agent_id', '=', agentId)
          .execute()
      ).map((p) => p.program.split('\u0001')[0]);
      expect(programs).toHaveLength(900);
      expect(programs).toContain('libreoffice');
      expect(programs).not.toContain('package-0005');
      const after = await stamps();
      expect(after.software).toBeGreaterThan(before.software!);
      expect(after.cpu).toBe(before.cpu);
      expect(after.os).toBe(before.os);

      const history = await inv.history(agentId, { limit: 10 });
      expect(history.map((h) => h.initial)).toEqual([false, true]);
      expect(history[0]!.changes[0]).toMatchObject({ section: 'software' });
      const current = await inv.current(agentId);
      expect(current?.software).toHaveLength(900);
      expect(current?.cpu).toEqual(first.cpu);
      expect(current?.machineId).toBe(first.machineId);
    });

    it('skips an inventory whose hash it already holds, and records no change for free space alone', async () => {
      const inv = new InventoryService(db.db, clock);
      const { agentId } = await enrolledAgent();
      await inv.ingest(agentId, hash('1'), makeInventory({ freeBytes: 100e9 }));
      expect(await inv.ingest(agentId, hash('1'), makeInventory({ freeBytes: 100e9 }))).toEqual({
        changed: false,
        changes: [],
      });
      expect(await inv.ingest(agentId, hash('2'), makeInventory({ freeBytes: 90e9 }))).toEqual({
        changed: true,
        changes: [],
      });
      expect(await inv.history(agentId, { limit: 10 })).toHaveLength(1);
    });

    it('stores a large section deflated, reads a section stored as text before that alike, and diffs across both', async () => {
      const inv = new InventoryService(db.db, clock);
      const { agentId } = await enrolledAgent();
      const first = makeInventory({ software: 900 });
      await inv.ingest(agentId, hash('1'), first);
      const rows = await db.db
        .selectFrom('inventory_sections')
        .select(['section', 'data', 'data_deflated'])
        .where('agent_id', '=', agentId)
        .execute();
      const software = rows.find((r) => r.section === 'software')!;
      expect(software.data).toBe('');
      expect(Buffer.isBuffer(software.data_deflated)).toBe(true);
      expect(software.data_deflated!.length).toBeLessThan(JSON.stringify(first.software).length / 4);
      const cpu = rows.find((r) => r.section === 'cpu')!;
      expect([JSON.parse(cpu.data), cpu.data_deflated]).toEqual([first.cpu, null]);
      expect((await inv.current(agentId))?.software).toEqual(first.software);

      // The software list as a server before migration 0022 stored it: read and diffed as well.
      await db.db
        .updateTable('inventory_sections')
        .set({ data: JSON.stringify(first.software), data_deflated: null })
        .where('agent_id', '=', agentId)
        .where('section', '=', 'software')
        .execute();
      expect((await inv.current(agentId))?.software).toEqual(first.software);
      const second = { ...first, software: [...first.software!, { name: 'gimp', version: '2.10.34', source: 'dpkg' as const }] };
      const r = await inv.ingest(agentId, hash('2'), second);
      expect(r.changes).toEqual([{ section: 'software', added: [{ name: 'gimp', version: '2.10.34' }], removed: [], updated: [] }]);
      expect((await inv.current(agentId))?.software).toEqual(second.software);
      const forSpec = await inv.forSpecCheck([agentId], true);
      expect(forSpec.get(agentId)?.software).toHaveLength(901);
    });

    it("keeps the software list's identity keys beside the section, diffs changes with them, and with the section when a row has none", async () => {
      const inv = new InventoryService(db.db, clock);
      const { agentId } = await enrolledAgent();
      const first = makeInventory({ software: 900 });
      // As the hub stores a PC's first inventory: prepared without the keys (its worker had no inventory of the PC).
      await inv.ingestPrepared(agentId, hash('1'), prepareInventory(first));
      const stored = async () =>
        (await db.db
          .selectFrom('inventory_sections')
          .select(['section', 'identities_deflated'])
          .where('agent_id', '=', agentId)
          .execute()).filter((r) => r.identities_deflated !== null);
      expect(await stored()).toEqual([]);

      const [upgraded, ...rest] = first.software!;
      const second = { ...first, software: [{ ...upgraded!, version: '99.0' }, ...rest.slice(1), { name: 'gimp', version: '2.10.34', source: 'dpkg' as const }] };
      const expected = diffSoftware(first.software!, second.software);
      expect(expected).toMatchObject({ added: [{ name: 'gimp' }], removed: [{ name: rest[0]!.name }], updated: [{ name: upgraded!.name, to: '99.0' }] });
      expect((await inv.ingest(agentId, hash('2'), second)).changes).toEqual([expected]);
      const rows = await stored();
      expect(rows.map((r) => r.section)).toEqual(['software']);
      expect(unpackIdentities(rows[0]!.identities_deflated!)).toEqual(softwareIdentityKeys(second.software));

      // A row from before migration 0025: the change is diffed with the stored section, and the keys are then kept.
      await db.db.updateTable('inventory_sections').set({ identities_deflated: null }).where('agent_id', '=', agentId).execute();
      const third = { ...second, software: second.software.slice(0, -1) };
      expect((await inv.ingest(agentId, hash('3'), third)).changes).toEqual([diffSoftware(second.software, third.software)]);
      expect(unpackIdentities((await stored())[0]!.identities_deflated!)).toEqual(softwareIdentityKeys(third.software));

      // No list at all: everything removed.
      const none = { ...third, software: undefined };
      expect((await inv.ingest(agentId, hash('4'), none)).changes).toEqual([diffSoftware(third.software, [])]);
    });

    it('keeps the agent summary for lists', async () => {
      const inv = new InventoryService(db.db, clock);
      const registry = new AgentRegistry(db.db, clock);
      const { agentId } = await enrolledAgent();
      await inv.ingest(agentId, hash('1'), makeInventory({ hostname: 'pc-renamed' }));
      const view = await registry.get(agentId);
      expect(view?.hostname).toBe('pc-renamed');
      expect(view?.summary).toMatchObject({
        cpu: { model: 'Intel Core i5-12400T', cores: 12 },
        memoryTotalBytes: 16 * 1024 ** 3,
        softwareCount: 900,
      });
      expect(view?.summary?.disks).toEqual([{ mount: '/', sizeBytes: 500e9, freeBytes: 200e9 }]);
      await registry.close();
    });

    it('gives a push the summary of each active PC, parsed once per inventory, and none for a PC without one', async () => {
      const inv = new InventoryService(db.db, clock);
      const registry = new AgentRegistry(db.db, clock);
      const { agentId } = await enrolledAgent();
      const silent = (await enrolledAgent('pc-silent')).agentId;
      await inv.ingest(agentId, hash('1'), makeInventory({ hostname: 'pc-first' }));
      const first = await registry.activeAgents({ ids: [agentId, silent] });
      expect(first.find((a) => a.id === silent)?.summary).toBeNull();
      const summary = first.find((a) => a.id === agentId)?.summary;
      expect(summary?.hostname).toBe('pc-first');
      // The same object the next time (parsed once), and frozen: a caller cannot change what others are handed.
      expect((await registry.activeAgents({ ids: [agentId] }))[0]?.summary).toBe(summary);
      expect(Object.isFrozen(summary) && Object.isFrozen(summary?.disks[0])).toBe(true);
      // A new inventory: the new summary, read again.
      await inv.ingest(agentId, hash('2'), makeInventory({ hostname: 'pc-second' }));
      expect((await registry.activeAgents({ ids: [agentId] }))[0]?.summary?.hostname).toBe('pc-second');
      // A revoked PC is not among them.
      await registry.revoke(agentId);
      expect(await registry.activeAgents({ ids: [agentId, silent] })).toEqual([{ id: silent, summary: null }]);
      await registry.close();
    });
  });

  describe('MetricsService', () => {
    it('stores a resent sample once and keeps the newest as the latest', async () => {
      const latest = new LatestMetrics();
      const metrics = new MetricsService({ db: db.db, dialect: db.dialect, ...(db.sqlite ? { sqlite: db.sqlite } : {}), clock, retentionMs: 60_000, latest });
      const registry = new AgentRegistry(db.db, clock, latest);
      const { agentId } = await enrolledAgent();
      const at = (s: number) => ({
        sampledAt: new Date(now + s * 1000).toISOString(),
        cpuLoadPercent: s,
        diskFree: [{ mount: '/', freeBytes: 1000 + s }],
      });
      await Promise.all([
        metrics.record(agentId, at(2)),
        metrics.record(agentId, at(1)),
        metrics.record(agentId, at(2)),
        metrics.record(agentId, at(3)),
      ]);
      const recent = await metrics.recent(agentId, 10);
      expect(recent.map((s) => s.cpuLoadPercent)).toEqual([3, 2, 1]);
      const view = await registry.get(agentId);
      expect(view?.lastMetrics?.cpuLoadPercent).toBe(3);
      now += 61_000;
      await metrics.record(agentId, at(100));
      expect(await metrics.prune()).toBe(3);
      expect((await metrics.recent(agentId, 10)).map((s) => s.cpuLoadPercent)).toEqual([100]);
      await metrics.close();
      await registry.close();
    });

    it("writes the newest sample to the agent's row when the agent disconnects and at close", async () => {
      const latest = new LatestMetrics();
      const metrics = new MetricsService({ db: db.db, dialect: db.dialect, ...(db.sqlite ? { sqlite: db.sqlite } : {}), clock, latest });
      const bare = new AgentRegistry(db.db, clock);
      const { agentId } = await enrolledAgent();
      const other = (await enrolledAgent('pc-other')).agentId;
      const at = (s: number) => ({ sampledAt: new Date(now + s * 1000).toISOString(), cpuLoadPercent: s });
      await Promise.all([metrics.record(agentId, at(1)), metrics.record(agentId, at(2)), metrics.record(other, at(7))]);
      // Committed to the ring, not yet to the row: a registry without the in-memory copy sees the row as it was.
      expect((await bare.get(agentId))?.lastMetrics).toBeNull();
      expect((await new AgentRegistry(db.db, clock, latest).get(agentId))?.lastMetrics).toMatchObject({
        cpuLoadPercent: 2,
      });
      metrics.agentDisconnected(agentId);
      for (let i = 0; i < 100 && (await bare.get(agentId))?.lastMetrics === null; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect((await bare.get(agentId))?.lastMetrics).toMatchObject({ cpuLoadPercent: 2 });
      expect((await bare.get(other))?.lastMetrics).toBeNull();
      await metrics.close();
      expect((await bare.get(other))?.lastMetrics).toMatchObject({ cpuLoadPercent: 7 });
      // An older sample arriving late never replaces a newer one on the row.
      const again = new MetricsService({ db: db.db, dialect: db.dialect, ...(db.sqlite ? { sqlite: db.sqlite } : {}), clock });
      await again.record(other, at(5));
      await again.close();
      expect((await bare.get(other))?.lastMetrics).toMatchObject({ cpuLoadPercent: 7 });
      await bare.close();
    });

    it('keeps samples stored while another transaction is open and then rolls back', async () => {
      const metrics = new MetricsService({ db: db.db, dialect: db.dialect, ...(db.sqlite ? { sqlite: db.sqlite } : {}), clock, batchDelayMs: 1 });
      const { agentId } = await enrolledAgent();
      let recorded: Promise<void> | null = null;
      await expect(
        db.db.transaction().execute(async (trx) => {
          await trx.updateTable('agents').set({ hostname: 'renamed' }).where('id', '=', agentId).execute();
          // The sample's batch is written while this transaction is open (on SQLite: after it, on the same connection).
          recorded = metrics.record(agentId, { sampledAt: new Date(now).toISOString(), cpuLoadPercent: 42 });
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await recorded;
      expect((await metrics.recent(agentId, 10)).map((s) => s.cpuLoadPercent)).toEqual([42]);
      const row = await db.db.selectFrom('agents').select('hostname').where('id', '=', agentId).executeTakeFirstOrThrow();
      expect(row.hostname).not.toBe('renamed');
      await metrics.close();
    });
  });

  describe('JobService', () => {
    it('stores a batch for many PCs, resends what is unacknowledged, and keeps the first result', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const jobs = new JobService(db.db, clock, createJobSigner(generateKeyPairSync('ed25519').privateKey), db.dialect);
      const agentIds: string[] = [];
      for (let i = 0; i < 5; i++) agentIds.push((await enrolledAgent(`pc-${i}`)).agentId);
      const { batchId, jobs: sent } = await jobs.createBatch({
        manifest: {
          item: { id: 'i1', name: 'LibreOffice', version: '7.4' },
          variant: {
            os: 'linux',
            kind: 'apt',
            packageId: 'libreoffice',
            detection: { kind: 'dpkg', package: 'libreoffice' },
          },
        },
        action: 'install',
        agentIds,
        createdBy: null,
      });
      expect(sent.map((j) => j.agentId)).toEqual(agentIds);
      expect((await jobs.list({ batchId, limit: 10, offset: 0 })).total).toBe(5);
      // A fresh service (a restarted server) rebuilds the same proofs from the stored leaves.
      const restarted = new JobService(
        db.db,
        clock,
        createJobSigner(generateKeyPairSync('ed25519').privateKey),
        db.dialect,
      );
      const pending = await restarted.pendingFor(agentIds[3]!);
      expect(pending.jobs).toEqual([sent[3]]);
      await jobs.markDelivered(agentIds[3]!, sent[3]!.jobId);
      expect((await jobs.pendingFor(agentIds[3]!)).jobs).toEqual([]);
      // Acks arriving together are written together; a PC acknowledging another PC's job changes nothing.
      const delivered: string[] = [];
      jobs.onJobChanged((j) => j.state === 'delivered' && delivered.push(j.id));
      await Promise.all([jobs.markDelivered(agentIds[0]!, sent[1]!.jobId), jobs.markDelivered(agentIds[2]!, sent[2]!.jobId), jobs.markDelivered(agentIds[2]!, sent[2]!.jobId)]);
      expect((await jobs.get(sent[1]!.jobId))!.state).toBe('queued');
      expect((await jobs.get(sent[2]!.jobId))!.state).toBe('delivered');
      expect(delivered).toEqual([sent[2]!.jobId]);
      expect(await jobs.applyResult(agentIds[3]!, { jobId: sent[3]!.jobId, state: 'succeeded', exitCode: 0 })).toBe(
        'stored',
      );
      expect(await jobs.applyResult(agentIds[3]!, { jobId: sent[3]!.jobId, state: 'failed', exitCode: 1 })).toBe(
        'duplicate',
      );
      await expect(jobs.applyResult(agentIds[2]!, { jobId: sent[3]!.jobId, state: 'failed' })).rejects.toMatchObject({
        code: ErrorCodes.FORBIDDEN,
      });
      expect(await jobs.get(sent[3]!.jobId)).toMatchObject({
        state: 'succeeded',
        exitCode: 0,
        item: { name: 'LibreOffice' },
      });
    });

    const manifest = {
      item: { id: 'i1', name: 'LibreOffice', version: '7.4' },
      variant: { os: 'linux' as const, kind: 'apt' as const, packageId: 'libreoffice', detection: { kind: 'dpkg' as const, package: 'libreoffice' } },
    };
    const jobRowCount = async (batchId: string) =>
      Number((await db.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', batchId).executeTakeFirstOrThrow()).n);
    const storedFlag = async (batchId: string) =>
      (await db.db.selectFrom('job_batches').select(['jobs_stored', 'agent_ids']).where('id', '=', batchId).executeTakeFirstOrThrow());

    it('commits a batch sent before its job rows, and writes those rows before any read of jobs', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const jobs = new JobService(db.db, clock, createJobSigner(generateKeyPairSync('ed25519').privateKey), db.dialect);
      const agentIds: string[] = [];
      for (let i = 0; i < 3; i++) agentIds.push((await enrolledAgent(`pc-${i}`)).agentId);
      const { batchId, jobs: sent } = await jobs.createBatch({ manifest, action: 'install', agentIds, createdBy: null, deferJobRows: true });
      // Committed with its PCs listed, no job row yet.
      expect(await jobRowCount(batchId)).toBe(0);
      expect(await storedFlag(batchId)).toEqual({ jobs_stored: 0, agent_ids: JSON.stringify(agentIds) });
      // The first read of a job (here an ack's owner check through a result) writes them first.
      expect(await jobs.applyResult(agentIds[1]!, { jobId: sent[1]!.jobId, state: 'succeeded', exitCode: 0 })).toBe('stored');
      expect(await jobRowCount(batchId)).toBe(3);
      expect(await storedFlag(batchId)).toEqual({ jobs_stored: 1, agent_ids: null });
      expect((await jobs.get(sent[2]!.jobId))!.agentId).toBe(agentIds[2]);
    });

    it('keeps job rows it could not write queued, and writes them on the next try', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const jobs = new JobService(db.db, clock, createJobSigner(generateKeyPairSync('ed25519').privateKey), db.dialect);
      const agentId = (await enrolledAgent('pc-0')).agentId;
      const { batchId, jobs: sent } = await jobs.createBatch({ manifest, action: 'install', agentIds: [agentId], createdBy: null, deferJobRows: true });
      // The job rows cannot be written for a while (as a full disk would refuse them).
      await db.db.schema.alterTable('jobs').renameTo('jobs_away').execute();
      // A second caller while the first write fails is not told the rows are stored: it tries again, and fails too.
      const [first, second] = await Promise.allSettled([jobs.storeDeferredRows(), jobs.storeDeferredRows()]);
      expect([first.status, second.status]).toEqual(['rejected', 'rejected']);
      await db.db.schema.alterTable('jobs_away').renameTo('jobs').execute();
      expect(await storedFlag(batchId)).toMatchObject({ jobs_stored: 0 });
      await jobs.storeDeferredRows();
      expect(await jobRowCount(batchId)).toBe(1);
      expect((await jobs.get(sent[0]!.jobId))!.state).toBe('queued');
    });

    it('writes deferred job rows by itself a moment after the push, and tries again after a failed write', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const lines: string[] = [];
      const logger = createLogger('jobs', { level: 'warn', write: (l) => lines.push(l) });
      const jobs = new JobService(db.db, clock, createJobSigner(generateKeyPairSync('ed25519').privateKey), db.dialect, logger);
      const agentId = (await enrolledAgent('pc-0')).agentId;
      const { batchId } = await jobs.createBatch({ manifest, action: 'install', agentIds: [agentId], createdBy: null, deferJobRows: true });
      await db.db.schema.alterTable('jobs').renameTo('jobs_away').execute();
      const askedAt = Date.now();
      jobs.storeDeferredRowsSoon();
      jobs.storeDeferredRowsSoon(); // one timer however often it is asked
      const until = async (what: () => Promise<boolean> | boolean) => {
        for (let i = 0; i < 100 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
        return what();
      };
      expect(await until(() => lines.some((l) => l.includes('job rows not written yet; trying again')))).toBe(true);
      expect(Date.now() - askedAt).toBeGreaterThanOrEqual(JOB_ROWS_DELAY_MS - 50);
      expect(lines.filter((l) => l.includes('job rows not written yet'))).toHaveLength(1);
      await db.db.schema.alterTable('jobs_away').renameTo('jobs').execute();
      // No read of jobs here: the retry alone writes them.
      expect(await until(async () => (await storedFlag(batchId)).jobs_stored === 1)).toBe(true);
      expect(await jobRowCount(batchId)).toBe(1);
      await jobs.close();
    });

    it('writes at start the job rows of batches a stop cut short, so the PCs find their jobs and proofs', async () => {
      const { generateKeyPairSync } = await import('node:crypto');
      const key = generateKeyPairSync('ed25519').privateKey;
      const before = new JobService(db.db, clock, createJobSigner(key), db.dialect);
      const agentIds: string[] = [];
      for (let i = 0; i < 5; i++) agentIds.push((await enrolledAgent(`pc-${i}`)).agentId);
      const { batchId, jobs: sent } = await before.createBatch({ manifest, action: 'install', agentIds, createdBy: null, deferJobRows: true });
      // The process stops here: `before` and its queued rows are gone.
      const restarted = new JobService(db.db, clock, createJobSigner(key), db.dialect);
      expect(await restarted.storeUnstoredRows()).toBe(1);
      expect(await restarted.storeUnstoredRows()).toBe(0);
      expect(await jobRowCount(batchId)).toBe(5);
      const pending = await restarted.pendingFor(agentIds[4]!);
      expect(pending.jobs).toEqual([sent[4]]);
      const batch = JSON.parse(pending.jobs[0]!.batchJson) as { root: string };
      expect(rootFromProof(hash, jobLeaf(hash, sent[4]!.jobId, agentIds[4]!), proofOf(pending.jobs[0]!.tree, 4))).toBe(batch.root);
    });
  });

  describe('ApiTokenService', () => {
    it('authenticates a token with its role until revoked', async () => {
      const tokens = new ApiTokenService(db.db, clock);
      const { id, token } = await tokens.create('admin', 'ci');
      expect(await tokens.authenticate(token)).toEqual({ kind: 'api-token', id, role: 'admin' });
      expect(await tokens.authenticate(`${token}x`)).toBeNull();
      await tokens.revoke(id);
      expect(await tokens.authenticate(token)).toBeNull();
      await expect(tokens.create('root')).rejects.toMatchObject({ code: ErrorCodes.BAD_REQUEST });
    });
  });
});
