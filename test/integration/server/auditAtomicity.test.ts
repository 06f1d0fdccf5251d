/**
 * Every audited action of the catalog, the repository, the jobs and the PCs' enrolment and revocation commits with its
 * audit entry or not at all, on a
 * real server (SQLite, and PostgreSQL when PASANG_TEST_PG_URL is set): the audit table's trigger refuses the entry,
 * and nothing of the action is stored or sent. A push in slices audits each stored batch in its own transaction; a
 * slice whose entry is refused stores nothing, and approving the push again sends only the PCs it had not reached.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { runServerCli } from '../../../src/server/cli/serverCli';
import { pushSliceSizes } from '../../../src/server/http/pushSending';
import { installAuditRefusal, type AuditRefusal } from '../../support/auditRefusal';
import { createPerson } from '../../support/consoleSession';
import { makeInventory } from '../../support/fixtures/inventory';
import { seedPcFleet } from '../../support/seedPcFleet';
import { serverDatabases } from '../../support/serverDatabases';
import { connectRaw, startHarness, type Harness, type RawAgent } from '../../support/serverHarness';

const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) => JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });
const item = (name: string, version = '1.0') => ({
  name,
  version,
  category: 'Statistik',
  variants: [{ os: 'linux', kind: 'apt', packageId: name.toLowerCase().replace(/[^a-z0-9]/g, '-'), detection: { kind: 'dpkg', package: 'x' } }],
});
/** A push of slices of 100, 200, 400 and 800 PCs and a last one of 1 (pushSliceSizes); the two-person threshold just under it. */
const FLEET = 1501;
/** The slices before the last. */
const FIRST_SLICES = pushSliceSizes(FLEET).slice(0, -1);

describe.each(serverDatabases())('audit entries commit with their action on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  let refusal: AuditRefusal;
  let storeArgs: string[];

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness({ twoPersonPushThreshold: FLEET - 1, ...(created.db ? { db: created.db } : {}) });
    storeArgs = ['--data-dir', h.dataDir, ...(created.db ? ['--db', created.db] : [])];
    refusal = await installAuditRefusal(h.server.database.db, h.server.database.dialect);
  });
  afterEach(async () => {
    await refusal.allowAll();
  });
  afterAll(async () => {
    await h?.close();
    await dispose?.();
  });

  const db = () => h.server.database.db;
  const rows = async (table: 'job_batches' | 'jobs' | 'artifacts' | 'catalog_items' | 'agents') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const entries = async (query: string) => (await h.api('GET', `/api/v1/audit?limit=500&${query}`)).json.items as { action: string; data: any; actorKind: string }[];

  it('creates, replaces and removes no catalog item whose entry cannot be written', async () => {
    await refusal.refuse('catalog.create');
    expect((await h.api('POST', '/api/v1/catalog', item('Tolak Dibuat'))).status).toBe(500);
    expect((await h.api('GET', '/api/v1/catalog?search=Tolak')).json.total).toBe(0);
    await refusal.allowAll();

    const made = await h.api('POST', '/api/v1/catalog', item('Statistik Atomik'));
    expect(made.status).toBe(201);
    await refusal.refuse('catalog.update');
    expect((await h.api('PUT', `/api/v1/catalog/${made.json.id}`, item('Statistik Atomik', '2.0'))).status).toBe(500);
    expect((await h.api('GET', `/api/v1/catalog/${made.json.id}`)).json.version).toBe('1.0');
    await refusal.refuse('catalog.delete');
    expect((await h.api('DELETE', `/api/v1/catalog/${made.json.id}`)).status).toBe(500);
    expect((await h.api('GET', `/api/v1/catalog/${made.json.id}`)).status).toBe(200);
    expect((await entries(`target=catalog:${made.json.id}`)).map((e) => e.action)).toEqual(['catalog.create']);
  });

  it('imports nothing from a file whose catalog.import entry cannot be written (pasang-server catalog import)', async () => {
    const file = path.join(h.dataDir, 'katalog.json');
    fs.writeFileSync(file, JSON.stringify({ items: [item('Impor Satu'), item('Impor Dua')] }));
    const before = await rows('catalog_items');
    await refusal.refuse('catalog.import');
    const err: string[] = [];
    const code = await runServerCli(['catalog', 'import', file, ...storeArgs], { out: () => undefined, err: (l) => err.push(l) }).catch((e: unknown) => {
      err.push(String(e));
      return 1;
    });
    expect(code).not.toBe(0);
    expect(await rows('catalog_items')).toBe(before);
    await refusal.allowAll();
    expect(await runServerCli(['catalog', 'import', file, ...storeArgs], { out: () => undefined, err: () => undefined })).toBe(0);
    expect(await rows('catalog_items')).toBe(before + 2);
    expect((await entries('action=catalog.import'))[0]!.data).toEqual({ file: 'katalog.json', created: 2, updated: 0, items: 2 });
  });

  it('keeps neither the record nor the file of an upload whose entry cannot be written', async () => {
    const bytes = Buffer.from(`an installer's bytes ${database.name}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const upload = () =>
      fetch(`${h.server.url}/api/v1/repository/artifacts?fileName=alat_1.0_all.deb`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/vnd.debian.binary-package' },
        body: bytes,
      });
    await refusal.refuse('artifact.upload');
    expect((await upload()).status).toBe(500);
    expect((await h.api('GET', '/api/v1/repository/artifacts?limit=1000')).json.items.map((a: { sha256: string }) => a.sha256)).not.toContain(sha256);
    expect(fs.existsSync(path.join(h.dataDir, 'repository', sha256.slice(0, 2), sha256))).toBe(false);
    await refusal.allowAll();
    const stored = await upload();
    expect(stored.status).toBe(201);
    expect(((await stored.json()) as { created: boolean }).created).toBe(true);
    expect((await entries(`target=artifact:${sha256}`)).map((e) => e.action)).toEqual(['artifact.upload']);
  });

  it('enrolls no PC, and counts no use of the token, when the agent.enroll entry cannot be written', async () => {
    const { id: tokenId, token } = await h.server.enrollment.createToken({ uses: 1 });
    const enroll = async () => {
      const res = await fetch(`${h.server.url}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, machineId: 'm-atomik', hostname: 'pc-daftar-atomik' }),
      });
      return { status: res.status, json: (await res.json()) as { agentId: string } };
    };
    const agents = await rows('agents');
    await refusal.refuse('agent.enroll');
    expect((await enroll()).status).toBe(500);
    expect(await rows('agents')).toBe(agents);
    expect((await h.server.enrollment.get(tokenId))!).toMatchObject({ uses: 0, state: 'active' });
    await refusal.allowAll();
    // The token's one use is still there: the refused attempt took nothing.
    const enrolled = await enroll();
    expect(enrolled.status).toBe(201);
    expect(await rows('agents')).toBe(agents + 1);
    const logged = await entries(`target=agent:${enrolled.json.agentId}`);
    expect(logged.map((e) => [e.action, e.actorKind, e.data])).toEqual([
      ['agent.enroll', 'agent', { hostname: 'pc-daftar-atomik', machineId: 'm-atomik', agentVersion: null }],
    ]);
  });

  it('revokes no PC, by the API or the CLI, when the agent.revoke entry cannot be written', async () => {
    const a = await h.enroll();
    const revoked = async () => (await h.api('GET', `/api/v1/agents/${a.agentId}`)).json.revoked as boolean;
    await refusal.refuse('agent.revoke');
    expect((await h.api('POST', `/api/v1/agents/${a.agentId}/revoke`)).status).toBe(500);
    expect(await revoked()).toBe(false);
    const err: string[] = [];
    const code = await runServerCli(['agent', 'revoke', a.agentId, ...storeArgs], { out: () => undefined, err: (l) => err.push(l) }).catch((e: unknown) => {
      err.push(String(e));
      return 1;
    });
    expect(code).not.toBe(0);
    expect(await revoked()).toBe(false);
    // Still a PC: its credential still opens a socket.
    const raw = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
    await raw.close();
    expect(await entries(`target=agent:${a.agentId}&action=agent.revoke`)).toEqual([]);

    await refusal.allowAll();
    expect((await h.api('POST', `/api/v1/agents/${a.agentId}/revoke`)).status).toBe(200);
    expect(await revoked()).toBe(true);
    // Again changes nothing and records nothing, by the API and the CLI.
    expect((await h.api('POST', `/api/v1/agents/${a.agentId}/revoke`)).status).toBe(200);
    expect(await runServerCli(['agent', 'revoke', a.agentId, ...storeArgs], { out: () => undefined, err: () => undefined })).toBe(0);
    expect((await entries(`target=agent:${a.agentId}&action=agent.revoke`)).map((e) => e.actorKind)).toEqual(['api-token']);
  });

  describe('with a PC on a raw socket', () => {
    let pc: { id: string; raw: RawAgent };
    let itemId: string;

    beforeAll(async () => {
      const a = await h.enroll();
      const raw = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      raw.ws.send(env('hello', { agentVersion: 't', protocol: 1, capabilities: [] }));
      await raw.next((m) => m.type === 'welcome');
      raw.ws.send(env('inventory', { hash: 'c'.repeat(64), inventory: makeInventory({ hostname: 'pc-atomik', software: 1 }) }));
      await raw.next((m) => m.type === 'ack');
      pc = { id: a.agentId, raw };
      itemId = (await h.api('POST', '/api/v1/catalog', item('Alat Push'))).json.id;
    });
    afterAll(async () => {
      await pc?.raw.close();
    });

    it('stores no batch or job, and sends the PC nothing, for a push whose entry cannot be written', async () => {
      const [batches, jobs] = [await rows('job_batches'), await rows('jobs')];
      await refusal.refuse('job.push');
      expect((await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pc.id] })).status).toBe(500);
      expect([await rows('job_batches'), await rows('jobs')]).toEqual([batches, jobs]);
      await refusal.allowAll();
      const push = await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pc.id] });
      expect(push.status).toBe(201);
      // One socket keeps order: the refused push's job would have come first.
      const first = await pc.raw.next((m) => m.type === 'job');
      expect(first.payload.jobId).toBe(push.json.jobs[0].id);
      const [entry] = await entries(`target=catalog:${itemId}&action=job.push`);
      expect(entry!.data).toMatchObject({ pcs: 1, refused: 0, batchId: push.json.batchIds[0] });
    });

    it('leaves a job as it was when its cancel cannot be audited', async () => {
      const push = await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pc.id] });
      const jobId = push.json.jobs[0].id as string;
      const before = (await h.api('GET', `/api/v1/jobs/${jobId}`)).json;
      await refusal.refuse('job.cancel');
      expect((await h.api('POST', `/api/v1/jobs/${jobId}/cancel`)).status).toBe(500);
      const after = (await h.api('GET', `/api/v1/jobs/${jobId}`)).json;
      expect([after.state, after.cancelRequested]).toEqual([before.state, before.cancelRequested]);
      expect(await entries(`target=job:${jobId}`)).toEqual([]);
      await refusal.allowAll();
      expect((await h.api('POST', `/api/v1/jobs/${jobId}/cancel`)).status).toBe(202);
      expect((await entries(`target=job:${jobId}`)).map((e) => e.action)).toEqual(['job.cancel']);
    });
  });

  it('audits each slice of a big push in its batch transaction; a refused slice stores nothing and approving again sends only the rest', async () => {
    const { agentIds } = await seedPcFleet(db(), { pcs: FLEET, programsPerPc: 2, pool: 10, teams: 1 });
    const itemId = (await h.api('POST', '/api/v1/catalog', item('Alat Besar'))).json.id as string;
    const asker = (await h.server.apiTokens.create('technician', 'ani', await createPerson(h, { username: 'ani', roles: ['technician'] }))).token;
    const approver = (await h.server.apiTokens.create('technician', 'budi', await createPerson(h, { username: 'budi', roles: ['technician'] }))).token;
    const asked = await h.api('POST', '/api/v1/jobs', { itemId, agentIds }, asker);
    expect(asked.status).toBe(202);
    const requestId = asked.json.pendingApproval.id as string;

    // The first slices (1,500 PCs) commit; the last (1 PC) cannot write its entry.
    expect(pushSliceSizes(FLEET)).toEqual([...FIRST_SLICES, 1]);
    await refusal.refuse('job.push', '%"pcs":1,%');
    expect((await h.api('POST', `/api/v1/jobs/requests/${requestId}/approve`, undefined, approver)).status).toBe(500);
    expect((await h.api('GET', `/api/v1/jobs/requests/${requestId}`)).json.state).toBe('pending');
    const slices = async () => (await entries(`target=catalog:${itemId}&action=job.push`)).map((e) => e.data).reverse();
    const firstTry = await slices();
    expect(firstTry).toEqual(FIRST_SLICES.map((pcs) => expect.objectContaining({ pcs, refused: 0, pushRequest: requestId, batchId: expect.any(String) })));
    const stored = await db().selectFrom('job_batches').select(['id', 'count']).where('item_id', '=', itemId).execute();
    const byId = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);
    expect(stored.map((b): [string, number] => [b.id, Number(b.count)]).sort(byId)).toEqual(firstTry.map((d): [string, number] => [d.batchId, d.pcs]).sort(byId));

    await refusal.allowAll();
    const approved = await h.api('POST', `/api/v1/jobs/requests/${requestId}/approve`, undefined, approver);
    expect(approved.status).toBe(200);
    expect(approved.json.push.jobs).toHaveLength(1);
    expect(approved.json.request).toMatchObject({ state: 'approved', jobsCreated: FLEET, batchIds: [...firstTry.map((d) => d.batchId), approved.json.push.batchIds[0]] });
    // A read of jobs writes the job rows still waiting (a push writes them a second after it) before it reads.
    expect((await h.api('GET', '/api/v1/jobs?limit=1')).status).toBe(200);
    const perPc = await sql<{ n: number }>`select count(*) as n from jobs j join job_batches b on b.id = j.batch_id where b.item_id = ${itemId} group by j.agent_id`.execute(db());
    expect(perPc.rows).toHaveLength(FLEET);
    expect(perPc.rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect((await slices()).map((d) => d.pcs)).toEqual([...FIRST_SLICES, 1]);
  });
});
