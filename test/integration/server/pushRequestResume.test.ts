/**
 * An approved two-person push that a crash cut short is finished at the next start, on SQLite and PostgreSQL: the
 * store is left as a crash leaves it — the request `sending`, its first slices (1,500 PCs) stored and recorded, the
 * last not — and a new server started on it sends only the PCs left, once each, and records the request approved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startServer, type RunningServer } from '../../../src/server/main';
import { pushSliceSizes } from '../../../src/server/http/pushSending';
import { silentLogger } from '../../../src/shared/logger';
import { auditRefusal, installAuditRefusal } from '../../support/auditRefusal';
import { seedPcFleet } from '../../support/seedPcFleet';
import { serverDatabases } from '../../support/serverDatabases';

/** Slices of 100, 200, 400 and 800 PCs, then a last one of 1 (pushSliceSizes). */
const FLEET = 1501;
const FIRST_SLICES = pushSliceSizes(FLEET).slice(0, -1);
const FIRST_PCS = FIRST_SLICES.reduce((a, b) => a + b, 0);

describe.each(serverDatabases())('a push request interrupted while sending, on $name', (database) => {
  let dataDir: string;
  let dispose: () => Promise<void>;
  let dbUrl: string | undefined;
  let server: RunningServer | null = null;

  const start = async () =>
    (server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, twoPersonPushThreshold: FLEET - 1, ...(dbUrl ? { db: dbUrl } : {}) }));
  async function api(token: string, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(server!.url + urlPath, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: await res.json() };
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-resume-'));
    const created = await database.create();
    dispose = created.dispose;
    dbUrl = created.db;
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dispose?.();
  });

  it('sends the PCs its stored batches did not reach, once each, and ends approved with every batch', async () => {
    const s = await start();
    const db = s.database.db;
    const { agentIds } = await seedPcFleet(db, { pcs: FLEET, programsPerPc: 2, pool: 10, teams: 1 });
    const admin = (await s.apiTokens.create('admin', 'admin')).token;
    const ani = await s.people.createUser({ username: 'ani', displayName: 'Ani', roles: ['technician'] });
    const budi = await s.people.createUser({ username: 'budi', displayName: 'Budi', roles: ['technician'] });
    const asker = (await s.apiTokens.create('technician', 'ani', ani.id)).token;
    const approver = (await s.apiTokens.create('technician', 'budi', budi.id)).token;
    const itemId = (
      await api(admin, 'POST', '/api/v1/catalog', {
        name: 'Alat Lanjut',
        version: '1.0',
        category: 'Statistik',
        variants: [{ os: 'linux', kind: 'apt', packageId: 'alat-lanjut', detection: { kind: 'dpkg', package: 'alat-lanjut' } }],
      })
    ).json.id as string;
    const requestId = (await api(asker, 'POST', '/api/v1/jobs', { itemId, agentIds })).json.pendingApproval.id as string;

    // The first slices commit and the last never does; then the process is gone before anything else is written:
    // the request stays `sending` (a crash does not run the approval's undo; the store is set as it would be left).
    const refusal = await installAuditRefusal(db, s.database.dialect);
    await refusal.refuse('job.push', '%"pcs":1,%');
    expect((await api(approver, 'POST', `/api/v1/jobs/requests/${requestId}/approve`)).status).toBe(500);
    await refusal.allowAll();
    await db.updateTable('push_requests').set({ state: 'sending', decided_by: budi.id }).where('id', '=', requestId).execute();
    expect(pushSliceSizes(FLEET)).toEqual([...FIRST_SLICES, 1]);
    const firstBatches = await db.selectFrom('push_request_batches').select(['batch_id', 'jobs']).where('push_request_id', '=', requestId).execute();
    expect(firstBatches.map((b) => Number(b.jobs)).sort((a, b) => a - b)).toEqual(FIRST_SLICES);
    await s.close();

    const again = await start();
    const request = (await api(admin, 'GET', `/api/v1/jobs/requests/${requestId}`)).json;
    expect(request).toMatchObject({ state: 'approved', decidedBy: budi.id, jobsCreated: FLEET, refusedCount: 0, reason: null });
    expect(request.batchIds).toHaveLength(FIRST_SLICES.length + 1);
    expect(request.batchIds.slice(0, -1).sort()).toEqual(firstBatches.map((b) => b.batch_id).sort());
    // A read of jobs writes the job rows still waiting (a push writes them a second after it) before it reads.
    expect((await api(admin, 'GET', '/api/v1/jobs?limit=1')).status).toBe(200);
    const perPc = await sql<{ n: number }>`select count(*) as n from jobs j join job_batches b on b.id = j.batch_id where b.item_id = ${itemId} group by j.agent_id`.execute(again.database.db);
    expect(perPc.rows).toHaveLength(FLEET);
    expect(perPc.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const audit = (await api(admin, 'GET', `/api/v1/audit?limit=20&action=job.*`)).json.items as { action: string; actorKind: string; actorId: string | null; data: any }[];
    expect(audit.find((e) => e.action === 'job.push_approve')).toMatchObject({
      actorKind: 'user',
      actorId: budi.id,
      data: { jobs: FLEET, resumedAfterRestart: true, batchIds: request.batchIds },
    });
    expect(audit.find((e) => e.action === 'job.push' && e.data.pcs === 1)).toMatchObject({ actorKind: 'system', data: { pushRequest: requestId, batchId: request.batchIds[FIRST_SLICES.length] } });
    expect((await api(admin, 'GET', '/api/v1/audit/verify')).json.ok).toBe(true);
    await again.close();

    // A third start finds nothing left to finish.
    const third = await start();
    expect((await api(admin, 'GET', `/api/v1/jobs/requests/${requestId}`)).json.jobsCreated).toBe(FLEET);
    expect(Number((await third.database.db.selectFrom('push_request_batches').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(FIRST_SLICES.length + 1);
  });

  it('ends approved with what was stored, and says why, when the PCs left were revoked meanwhile', async () => {
    const s = server!;
    const db = s.database.db;
    const admin = (await s.apiTokens.create('admin', 'admin-2')).token;
    const budi = await db.selectFrom('users').select('id').where('username', '=', 'budi').executeTakeFirstOrThrow();
    const ani = await db.selectFrom('users').select('id').where('username', '=', 'ani').executeTakeFirstOrThrow();
    const asker = (await s.apiTokens.create('technician', 'ani-2', ani.id)).token;
    const approver = (await s.apiTokens.create('technician', 'budi-2', budi.id)).token;
    const agentIds = (await db.selectFrom('agents').select('id').orderBy('id').execute()).map((a) => a.id);
    const itemId = (await db.selectFrom('catalog_items').select('id').executeTakeFirstOrThrow()).id;
    const requestId = (await api(asker, 'POST', '/api/v1/jobs', { itemId, agentIds, force: true })).json.pendingApproval.id as string;
    // The trigger installed by the first test is in the store still.
    const refusal = auditRefusal(db);
    await refusal.refuse('job.push', '%"pcs":1,%');
    expect((await api(approver, 'POST', `/api/v1/jobs/requests/${requestId}/approve`)).status).toBe(500);
    await refusal.allowAll();
    await db.updateTable('push_requests').set({ state: 'sending', decided_by: budi.id }).where('id', '=', requestId).execute();
    // The one PC the first slices did not reach is revoked before the restart.
    await db.updateTable('agents').set({ revoked_at: Date.now() }).where('id', '=', agentIds[agentIds.length - 1]!).execute();
    await s.close();

    await start();
    const request = (await api(admin, 'GET', `/api/v1/jobs/requests/${requestId}`)).json;
    expect(request).toMatchObject({ state: 'approved', jobsCreated: FIRST_PCS, refusedCount: 0 });
    expect(request.batchIds).toHaveLength(FIRST_SLICES.length);
    expect(request.reason).toMatch(/interrupted by a server restart; the remaining 1 PCs could not be sent: no PC matches/);
  });
});
