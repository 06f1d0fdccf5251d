/** Two-person pushes (SECURITY.md 12), the push preview and the job event stream, against a real server with raw agent sockets. */
import { ErrorCodes } from '../../../src/shared/errors';
import { connectRaw, startHarness, type Harness, type RawAgent } from '../../support/serverHarness';
import { makeInventory } from '../../support/fixtures/inventory';
import { serverDatabases } from '../../support/serverDatabases';

const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) =>
  JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });
const THRESHOLD = 2;

describe.each(serverDatabases())('two-person pushes on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  let itemId: string;
  const pcs: { id: string; raw: RawAgent }[] = [];
  const tokens: Record<'ani' | 'budi' | 'employee', string> = { ani: '', budi: '', employee: '' };
  const userIds: Record<string, string> = {};

  async function rawPc(hostname: string, memGb: number): Promise<{ id: string; raw: RawAgent }> {
    const a = await h.enroll();
    const raw = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
    raw.ws.send(env('hello', { agentVersion: 't', protocol: 1, capabilities: [] }));
    await raw.next((m) => m.type === 'welcome');
    const inventory = makeInventory({ hostname, software: 3 });
    inventory.memory = { totalBytes: memGb * 1024 ** 3, modules: [] };
    raw.ws.send(env('inventory', { hash: String(pcs.length).padStart(64, 'b'), inventory }, `inv-${hostname}`));
    await raw.next((m) => m.type === 'ack');
    return { id: a.agentId, raw };
  }

  async function person(username: string, roles: string[]): Promise<string> {
    const r = await h.api('POST', '/api/v1/users', {
      username,
      displayName: username,
      roles,
      password: 'rahasia-panjang-sekali',
    });
    expect(r.status).toBe(201);
    userIds[username] = r.json.id;
    return (await h.server.apiTokens.create('employee', username, r.json.id)).token;
  }

  const jobCount = async () => (await h.api('GET', '/api/v1/jobs?limit=1')).json.total as number;
  const as = (who: keyof typeof tokens) => (method: string, path: string, body?: unknown) =>
    h.api(method, path, body, tokens[who]);

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness({ twoPersonPushThreshold: THRESHOLD, ...(created.db ? { db: created.db } : {}) });
    tokens.ani = await person('ani', ['technician']);
    tokens.budi = await person('budi', ['technician']);
    tokens.employee = await person('eko', ['employee']);
    pcs.push(await rawPc('pc-1', 16), await rawPc('pc-2', 16), await rawPc('pc-3', 16), await rawPc('pc-kecil', 2));
    const item = await h.api('POST', '/api/v1/catalog', {
      name: 'Statistik Pro',
      version: '1.0',
      category: 'Statistik',
      requirements: { minMemoryBytes: 8 * 1024 ** 3 },
      variants: [
        { os: 'linux', kind: 'apt', packageId: 'statistik-pro', detection: { kind: 'dpkg', package: 'statistik-pro' } },
      ],
    });
    expect(item.status).toBe(201);
    itemId = item.json.id;
  });

  afterAll(async () => {
    for (const p of pcs) await p.raw.close();
    await h.close();
    await dispose();
  });

  describe('POST /api/v1/jobs/preview', () => {
    it('splits the PCs into those that would get a job and those Belum sesuai, with host names, creating nothing', async () => {
      const before = await jobCount();
      const r = await as('ani')('POST', '/api/v1/jobs/preview', { itemId, filter: {} });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        item: { id: itemId, name: 'Statistik Pro', version: '1.0' },
        pcs: 4,
        needsApproval: true,
        threshold: THRESHOLD,
      });
      expect(r.json.ok.map((p: { hostname: string }) => p.hostname).sort()).toEqual(['pc-1', 'pc-2', 'pc-3']);
      expect(r.json.refused).toEqual([
        { agentId: pcs[3]!.id, hostname: 'pc-kecil', reasons: [expect.objectContaining({ code: 'MEMORY_TOO_LOW' })] },
      ]);
      expect(await jobCount()).toBe(before);
    });

    it('says a push within the threshold needs no approval, and refuses what the push refuses', async () => {
      const small = await as('ani')('POST', '/api/v1/jobs/preview', { itemId, agentIds: [pcs[0]!.id, pcs[3]!.id] });
      expect(small.json).toMatchObject({ pcs: 2, needsApproval: false });
      const both = await as('ani')('POST', '/api/v1/jobs/preview', { itemId, agentIds: [pcs[0]!.id], filter: {} });
      expect(both.status).toBe(400);
      expect((await as('ani')('POST', '/api/v1/jobs/preview', { itemId: 'nope', filter: {} })).status).toBe(404);
      expect((await as('employee')('POST', '/api/v1/jobs/preview', { itemId, filter: {} })).status).toBe(403);
    });
  });

  describe('a push over the threshold', () => {
    let requestId: string;

    it('is stored as a pending request instead of being sent', async () => {
      const before = await jobCount();
      const r = await as('ani')('POST', '/api/v1/jobs', { itemId, agentIds: pcs.slice(0, 3).map((p) => p.id) });
      expect(r.status).toBe(202);
      expect(r.json).toMatchObject({
        threshold: THRESHOLD,
        pendingApproval: {
          state: 'pending',
          pcs: 3,
          requestedBy: userIds.ani,
          requestedByName: 'ani',
          item: { name: 'Statistik Pro' },
          batchIds: [],
        },
      });
      requestId = r.json.pendingApproval.id;
      expect(await jobCount()).toBe(before);
      expect(pcs[0]!.raw.received.filter((m) => m.type === 'job')).toEqual([]);
      const list = await as('budi')('GET', '/api/v1/jobs/requests?state=pending');
      expect(list.json.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: requestId, requestedByName: 'ani' })]),
      );
      expect((await as('budi')('GET', `/api/v1/jobs/requests/${requestId}`)).json.state).toBe('pending');
    });

    it('cannot be approved by the one who asked for it', async () => {
      const r = await as('ani')('POST', `/api/v1/jobs/requests/${requestId}/approve`);
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe(ErrorCodes.SELF_APPROVAL);
      expect((await h.api('GET', `/api/v1/jobs/requests/${requestId}`)).json.state).toBe('pending');
    });

    it('cannot be approved by a role API token, which is no person', async () => {
      const r = await h.api('POST', `/api/v1/jobs/requests/${requestId}/approve`);
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe(ErrorCodes.FORBIDDEN);
    });

    it('is signed and sent once another technician approves it, and only once', async () => {
      const r = await as('budi')('POST', `/api/v1/jobs/requests/${requestId}/approve`);
      expect(r.status).toBe(200);
      expect(r.json.request).toMatchObject({
        state: 'approved',
        decidedBy: userIds.budi,
        jobsCreated: 3,
        refusedCount: 0,
      });
      expect(r.json.request.batchIds).toHaveLength(1);
      expect(r.json.push.jobs).toHaveLength(3);
      expect(r.json.gone).toEqual([]);
      for (const p of pcs.slice(0, 3)) expect((await p.raw.next((m) => m.type === 'job')).payload.agentId).toBe(p.id);
      const again = await as('budi')('POST', `/api/v1/jobs/requests/${requestId}/approve`);
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe(ErrorCodes.CONFLICT);
    });

    it('leaves the request, its approval and the push in the audit log', async () => {
      const r = await h.api('GET', `/api/v1/audit?target=${encodeURIComponent(`push_request:${requestId}`)}&limit=10`);
      expect(r.status).toBe(200);
      const actions = r.json.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['job.push_request', 'job.push_approve']));
      const approve = r.json.items.find((e: { action: string }) => e.action === 'job.push_approve');
      expect(approve).toMatchObject({ actorId: userIds.budi, data: { requestedBy: userIds.ani, pcs: 3, jobs: 3 } });
      const pushes = await h.api('GET', '/api/v1/audit?action=job.push&limit=5');
      expect(pushes.json.items[0]).toMatchObject({ actorId: userIds.budi, data: { pushRequest: requestId, pcs: 3 } });
    });

    it('can be rejected with a reason (and a rejection without one is refused)', async () => {
      const r = await as('ani')('POST', '/api/v1/jobs', { itemId, filter: {} });
      expect(r.status).toBe(202);
      const id = r.json.pendingApproval.id;
      expect((await as('budi')('POST', `/api/v1/jobs/requests/${id}/reject`, { reason: '' })).status).toBe(400);
      const rejected = await as('budi')('POST', `/api/v1/jobs/requests/${id}/reject`, {
        reason: 'Tunggu jadwal pemeliharaan',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.json).toMatchObject({
        state: 'rejected',
        reason: 'Tunggu jadwal pemeliharaan',
        decidedBy: userIds.budi,
      });
      expect((await as('budi')('POST', `/api/v1/jobs/requests/${id}/approve`)).status).toBe(409);
      expect((await as('ani')('POST', `/api/v1/jobs/requests/${id}/reject`, { reason: 'lagi' })).status).toBe(409);
      const audit = await h.api('GET', `/api/v1/audit?target=${encodeURIComponent(`push_request:${id}`)}&limit=10`);
      expect(audit.json.items.map((e: { action: string }) => e.action)).toContain('job.push_reject');
    });

    it('is pending again, with nothing sent, when sending it fails at approval', async () => {
      const other = await h.api('POST', '/api/v1/catalog', {
        name: 'Alat Sementara',
        version: '0.1',
        category: 'Lain',
        variants: [
          {
            os: 'linux',
            kind: 'apt',
            packageId: 'alat-sementara',
            detection: { kind: 'dpkg', package: 'alat-sementara' },
          },
        ],
      });
      const r = await as('ani')('POST', '/api/v1/jobs', { itemId: other.json.id, filter: {} });
      const id = r.json.pendingApproval.id;
      expect((await h.api('DELETE', `/api/v1/catalog/${other.json.id}`)).status).toBeLessThan(300);
      const before = await jobCount();
      const approve = await as('budi')('POST', `/api/v1/jobs/requests/${id}/approve`);
      expect(approve.status).toBe(404);
      expect((await h.api('GET', `/api/v1/jobs/requests/${id}`)).json).toMatchObject({
        state: 'pending',
        decidedBy: null,
      });
      expect(await jobCount()).toBe(before);
    });

    it('skips PCs revoked before the approval and names them', async () => {
      const extra = await rawPc('pc-pensiun', 16);
      pcs.push(extra);
      const r = await as('ani')('POST', '/api/v1/jobs', { itemId, agentIds: [pcs[0]!.id, pcs[1]!.id, extra.id] });
      expect(r.status).toBe(202);
      expect((await h.api('POST', `/api/v1/agents/${extra.id}/revoke`)).status).toBeLessThan(300);
      const approve = await as('budi')('POST', `/api/v1/jobs/requests/${r.json.pendingApproval.id}/approve`);
      expect(approve.status).toBe(200);
      expect(approve.json.gone).toEqual([extra.id]);
      expect(approve.json.push.jobs.map((j: { agentId: string }) => j.agentId).sort()).toEqual(
        [pcs[0]!.id, pcs[1]!.id].sort(),
      );
    });

    it('is not listed to an employee', async () => {
      expect((await as('employee')('GET', '/api/v1/jobs/requests')).status).toBe(403);
      expect((await as('employee')('POST', `/api/v1/jobs/requests/${requestId}/approve`)).status).toBe(403);
      expect((await as('ani')('GET', '/api/v1/jobs/requests?state=nonsense')).status).toBe(400);
      expect((await as('ani')('GET', '/api/v1/jobs/requests/nope')).status).toBe(404);
    });
  });

  describe('GET /api/v1/jobs/events', () => {
    it('streams the job, progress included, when its PC reports on it, and two-person requests as they are asked', async () => {
      const push = await as('ani')('POST', '/api/v1/jobs', { itemId, agentIds: [pcs[2]!.id] });
      expect(push.status).toBe(201);
      const jobId = push.json.jobs[0].id;
      await pcs[2]!.raw.next((m) => m.type === 'job' && m.payload.jobId === jobId);
      const abort = new AbortController();
      const res = await fetch(`${h.server.url}/api/v1/jobs/events`, {
        headers: { authorization: `Bearer ${tokens.budi}` },
        signal: abort.signal,
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);
      pcs[2]!.raw.ws.send(env('job.progress', { jobId, state: 'downloading', bytes: 512, totalBytes: 1024 }));
      while (!/event: job\ndata: .*\n\n/.test(text)) text += decoder.decode((await reader.read()).value);
      const data = JSON.parse(/event: job\ndata: (.*)\n\n/.exec(text)![1]!);
      expect(data).toMatchObject({
        id: jobId,
        agentId: pcs[2]!.id,
        state: 'downloading',
        progress: { bytes: 512, totalBytes: 1024 },
      });
      const listed = await as('budi')('GET', `/api/v1/jobs?agentId=${pcs[2]!.id}&limit=5`);
      expect(listed.json.items[0]).toMatchObject({ id: jobId, hostname: 'pc-3' });
      // A two-person request asked meanwhile reaches the same stream.
      const held = await as('ani')('POST', '/api/v1/jobs', { itemId, agentIds: pcs.slice(0, 3).map((p) => p.id) });
      expect(held.status).toBe(202);
      while (!/event: push_request\ndata: .*\n\n/.test(text)) text += decoder.decode((await reader.read()).value);
      expect(JSON.parse(/event: push_request\ndata: (.*)\n\n/.exec(text)![1]!)).toMatchObject({
        id: held.json.pendingApproval.id,
        state: 'pending',
        pcs: 3,
      });
      await as('budi')('POST', `/api/v1/jobs/requests/${held.json.pendingApproval.id}/reject`, {
        reason: 'bukan sekarang',
      });
      abort.abort();
      await reader.cancel().catch(() => undefined);
    });

    it('is refused to an employee', async () => {
      const res = await fetch(`${h.server.url}/api/v1/jobs/events`, {
        headers: { authorization: `Bearer ${tokens.employee}` },
      });
      expect(res.status).toBe(403);
      await res.body?.cancel();
    });
  });
});
