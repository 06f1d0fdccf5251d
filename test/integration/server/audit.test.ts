/** The audit API and the security-relevant actions of today's API recorded with who and from where, on a real server. */
import { connectRaw, startHarness, type Harness } from '../../support/serverHarness';
import { makeInventory } from '../../support/fixtures/inventory';

const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) => JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });

let h: Harness;
let technicianToken: string;
let tokenId: string;

beforeAll(async () => {
  h = await startHarness();
  technicianToken = (await h.server.apiTokens.create('technician', 'tech')).token;
});
afterAll(async () => {
  await h.close();
});

const adminId = async () => (await h.server.database.db.selectFrom('api_tokens').select('id').where('name', '=', 'test').executeTakeFirstOrThrow()).id;
const entries = async (query = '') => (await h.api('GET', `/api/v1/audit?limit=500${query}`)).json.items as any[];

describe('audit of existing actions', () => {
  it('records an enrollment token made through the API, with the admin and the IP, and no token', async () => {
    const r = await h.api('POST', '/api/v1/enroll-tokens', { uses: 3, expiresInSec: 3600, note: 'lantai 2' });
    expect(r.status).toBe(201);
    tokenId = r.json.id;
    const [e] = await entries(`&target=enroll_token:${tokenId}`);
    expect(e).toMatchObject({
      actorKind: 'api-token',
      actorId: await adminId(),
      source: '127.0.0.1',
      action: 'enroll_token.create',
      data: { uses: 3, note: 'lantai 2', expiresAt: expect.any(Number) },
      at: expect.stringMatching(/Z$/),
    });
    expect(JSON.stringify(await entries())).not.toContain(r.json.token);
  });

  it('records an agent enrolled and revoked', async () => {
    const { agentId, agentSecret } = await h.enroll();
    expect((await h.api('POST', `/api/v1/agents/${agentId}/revoke`)).status).toBe(200);
    expect((await h.api('POST', `/api/v1/agents/${agentId}/revoke`)).status).toBe(200);
    const list = await entries(`&target=agent:${agentId}`);
    expect(list.map((e) => [e.action, e.actorKind])).toEqual([
      ['agent.revoke', 'api-token'],
      ['agent.enroll', 'agent'],
    ]);
    expect(list[1]).toMatchObject({ actorId: agentId, source: '127.0.0.1', data: { hostname: 'test-pc', machineId: 'test-machine' } });
    expect(JSON.stringify(list)).not.toContain(agentSecret);
  });

  it('records catalog items created, replaced and removed, installers uploaded, pushes and cancels', async () => {
    const deb = Buffer.from('not really a deb, but bytes');
    const up = await fetch(`${h.server.url}/api/v1/repository/artifacts?fileName=statistik-pro_1.0_all.deb`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/vnd.debian.binary-package' },
      body: deb,
    });
    expect(up.status).toBe(201);
    const sha256 = ((await up.json()) as any).artifact.sha256;
    const item = {
      name: 'Statistik Pro',
      version: '1.0',
      category: 'Statistik',
      requirements: { minMemoryBytes: 8 * 1024 ** 3 },
      variants: [{ os: 'linux', kind: 'apt', packageId: 'statistik-pro', detection: { kind: 'dpkg', package: 'statistik-pro' } }],
    };
    const created = await h.api('POST', '/api/v1/catalog', item);
    expect(created.status).toBe(201);
    const itemId = created.json.id;
    expect((await h.api('PUT', `/api/v1/catalog/${itemId}`, { ...item, version: '1.1' })).status).toBe(200);

    // Two PCs: one meets the requirements, one does not (refused without force).
    const pcs = [];
    for (const [hostname, gb] of [['pc-big', 16], ['pc-small', 2]] as const) {
      const a = await h.enroll();
      const raw = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      raw.ws.send(env('hello', { agentVersion: 't', protocol: 1, capabilities: [] }));
      await raw.next((m) => m.type === 'welcome');
      const inventory = makeInventory({ hostname, software: 1 });
      inventory.memory = { totalBytes: gb * 1024 ** 3, modules: [] };
      raw.ws.send(env('inventory', { hash: String(gb).padStart(64, 'b'), inventory }));
      await raw.next((m) => m.type === 'ack');
      pcs.push({ id: a.agentId, raw });
    }
    try {
      const push = await h.api('POST', '/api/v1/jobs', { itemId, agentIds: pcs.map((p) => p.id) }, technicianToken);
      expect(push.status).toBe(201);
      const jobId = push.json.jobs[0].id;
      expect((await h.api('POST', `/api/v1/jobs/${jobId}/cancel`, undefined, technicianToken)).status).toBe(202);
      const [cancel] = await entries(`&target=job:${jobId}`);
      expect(cancel).toMatchObject({ action: 'job.cancel', actorKind: 'api-token', data: { agentId: pcs[0]!.id } });
    } finally {
      for (const p of pcs) await p.raw.close();
    }
    expect((await h.api('DELETE', `/api/v1/catalog/${itemId}`)).status).toBe(200);

    const [upload] = await entries(`&target=artifact:${sha256}`);
    expect(upload).toMatchObject({ action: 'artifact.upload', data: { fileName: 'statistik-pro_1.0_all.deb', sizeBytes: deb.length, created: true } });
    const onItem = await entries(`&target=catalog:${itemId}`);
    expect(onItem.map((e) => e.action)).toEqual(['catalog.delete', 'job.push', 'catalog.update', 'catalog.create']);
    // One entry per stored batch, written in the batch's transaction, with the refusals of its slice.
    expect(onItem[1].data).toEqual({
      item: { id: itemId, name: 'Statistik Pro', version: '1.1' },
      action: 'install',
      pcs: 1,
      refused: 1,
      force: false,
      batchId: expect.any(String),
    });
    expect(onItem[0].data).toEqual({ name: 'Statistik Pro', version: '1.1' });
  });
});

describe('GET /api/v1/audit', () => {
  it('pages newest first and filters by actor and by area', async () => {
    const all = await entries();
    expect(all.length).toBeGreaterThanOrEqual(10);
    const page = await h.api('GET', '/api/v1/audit?limit=3');
    expect(page.json.items.map((e: any) => e.seq)).toEqual(all.slice(0, 3).map((e) => e.seq));
    const next = await h.api('GET', `/api/v1/audit?limit=3&before=${page.json.nextBefore}`);
    expect(next.json.items.map((e: any) => e.seq)).toEqual(all.slice(3, 6).map((e) => e.seq));
    const catalog = await entries('&action=catalog.*');
    expect(new Set(catalog.map((e) => e.action))).toEqual(new Set(['catalog.create', 'catalog.update', 'catalog.delete']));
    const byAdmin = await entries(`&actorId=${await adminId()}`);
    expect(byAdmin.every((e) => e.actorId === byAdmin[0].actorId)).toBe(true);
  });

  it('refuses bad filters and paging, and everyone but admins', async () => {
    for (const q of ['limit=0', 'limit=501', 'before=x', 'action=ticket.*.*', 'target=%3Cscript%3E']) {
      expect((await h.api('GET', `/api/v1/audit?${q}`)).status).toBe(400);
    }
    expect((await h.api('GET', '/api/v1/audit', undefined, technicianToken)).status).toBe(403);
    expect((await h.api('GET', '/api/v1/audit/verify', undefined, technicianToken)).status).toBe(403);
    expect((await h.api('GET', '/api/v1/audit', undefined, 'pst_not-a-token-at-all')).status).toBe(401);
  });
});

describe('GET /api/v1/audit/verify', () => {
  it('says the chain is whole, with its newest hash', async () => {
    const [newest] = await entries();
    expect((await h.api('GET', '/api/v1/audit/verify')).json).toEqual({ ok: true, entries: newest.seq, lastHash: newest.hash });
  });
});
