/** The jobs API and the hub's side of jobs, against a real server with raw agent sockets. */
import { ErrorCodes } from '../../../src/shared/errors';
import { connectRaw, startHarness, type Harness, type RawAgent } from '../../support/serverHarness';
import { makeInventory } from '../../support/fixtures/inventory';

const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) => JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });

let h: Harness;
let itemId: string;
const pcs: { id: string; secret: string; raw: RawAgent }[] = [];

async function rawPc(hostname: string, memGb = 16): Promise<{ id: string; secret: string; raw: RawAgent }> {
  const a = await h.enroll();
  const raw = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
  raw.ws.send(env('hello', { agentVersion: 't', protocol: 1, capabilities: [] }));
  await raw.next((m) => m.type === 'welcome');
  const inventory = makeInventory({ hostname, software: 3 });
  inventory.memory = { totalBytes: memGb * 1024 ** 3, modules: [] };
  raw.ws.send(env('inventory', { hash: String(pcs.length).padStart(64, 'a'), inventory }, `inv-${hostname}`));
  await raw.next((m) => m.type === 'ack');
  return { id: a.agentId, secret: a.agentSecret, raw };
}

beforeAll(async () => {
  h = await startHarness();
  pcs.push(await rawPc('pc-big', 16), await rawPc('pc-small', 2));
  const item = await h.api('POST', '/api/v1/catalog', {
    name: 'Statistik Pro',
    version: '1.0',
    category: 'Statistik',
    requirements: { minMemoryBytes: 8 * 1024 ** 3 },
    variants: [{ os: 'linux', kind: 'apt', packageId: 'statistik-pro', detection: { kind: 'dpkg', package: 'statistik-pro' } }],
  });
  expect(item.status).toBe(201);
  itemId = item.json.id;
});

afterAll(async () => {
  for (const p of pcs) await p.raw.close();
  await h.close();
});

describe('POST /api/v1/jobs', () => {
  it('pushes to the PCs that meet the requirements and says why the others are Belum sesuai', async () => {
    const r = await h.api('POST', '/api/v1/jobs', { itemId, agentIds: pcs.map((p) => p.id) });
    expect(r.status).toBe(201);
    expect(r.json.jobs).toEqual([{ id: expect.any(String), agentId: pcs[0]!.id }]);
    expect(r.json.refused).toEqual([{ agentId: pcs[1]!.id, reasons: [expect.objectContaining({ id: expect.stringContaining('RAM'), en: expect.stringContaining('RAM') })] }]);
    const job = await pcs[0]!.raw.next((m) => m.type === 'job');
    expect(job.payload).toMatchObject({ jobId: r.json.jobs[0].id, agentId: pcs[0]!.id, batch: { item: { name: 'Statistik Pro' }, variant: { packageId: 'statistik-pro' } } });
    expect(job.id).toBe(job.payload.jobId);
  });

  it('lets a technician override the spec check with force', async () => {
    const r = await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pcs[1]!.id], force: true });
    expect(r.json.jobs).toHaveLength(1);
    expect(r.json.refused).toEqual([]);
    await pcs[1]!.raw.next((m) => m.type === 'job');
  });

  it.each([
    [{ itemId: 'x' }, 400, 'neither agentIds nor filter'],
    [{ itemId: 'no-such-item', agentIds: ['a'] }, 404, 'unknown item'],
    [{ itemId: 'ITEM', agentIds: ['not-an-agent'] }, 400, 'unknown PC'],
    [{ itemId: 'ITEM', agentIds: [], action: 'install' }, 400, 'empty list'],
    [{ itemId: 'ITEM', agentIds: ['a'], action: 'format-disk' }, 400, 'unknown action'],
  ])('answers %j with %i (%s)', async (body: unknown, status: number, _why: string) => {
    const r = await h.api('POST', '/api/v1/jobs', JSON.parse(JSON.stringify(body).replace('ITEM', itemId)));
    expect(r.status).toBe(status);
  });

  it('is for staff only', async () => {
    const { token } = await h.server.apiTokens.create('employee');
    expect((await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pcs[0]!.id] }, token)).status).toBe(403);
    const tech = await h.server.apiTokens.create('technician');
    expect((await h.api('GET', '/api/v1/jobs', undefined, tech.token)).status).toBe(200);
  });
});

describe('jobs over the agent socket', () => {
  it('records delivery on ack, stores a result once, and refuses a result from another PC', async () => {
    const r = await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pcs[0]!.id] });
    const jobId = r.json.jobs[0].id;
    const job = await pcs[0]!.raw.next((m) => m.type === 'job' && m.payload.jobId === jobId);
    pcs[0]!.raw.ws.send(env('ack', { ids: [job.id] }));
    for (let i = 0; i < 300 && (await h.api('GET', `/api/v1/jobs/${jobId}`)).json.state !== 'delivered'; i++) await new Promise((res) => setTimeout(res, 20));
    expect((await h.api('GET', `/api/v1/jobs/${jobId}`)).json.state).toBe('delivered');

    // pc-small tries to report on pc-big's job.
    pcs[1]!.raw.ws.send(env('job.result', { jobId, state: 'succeeded' }, 'forged-1'));
    expect((await pcs[1]!.raw.next((m) => m.type === 'error' && m.payload.refId === 'forged-1')).payload.code).toBe(ErrorCodes.FORBIDDEN);
    expect((await h.api('GET', `/api/v1/jobs/${jobId}`)).json.state).toBe('delivered');

    pcs[0]!.raw.ws.send(env('job.progress', { jobId, state: 'installing' }));
    pcs[0]!.raw.ws.send(env('job.result', { jobId, state: 'failed', exitCode: 100, errorCode: 'INSTALL_FAILED', message: 'E: Unable to locate package', outputTail: 'E: Unable to locate package statistik-pro' }, 'res-1'));
    await pcs[0]!.raw.next((m) => m.type === 'ack' && m.payload.ids[0] === 'res-1');
    // The same result resent (its ack was lost): acknowledged again, stored once.
    pcs[0]!.raw.ws.send(env('job.result', { jobId, state: 'succeeded' }, 'res-1'));
    await pcs[0]!.raw.next((m) => m.type === 'ack' && m.payload.ids[0] === 'res-1');
    expect((await h.api('GET', `/api/v1/jobs/${jobId}`)).json).toMatchObject({ state: 'failed', exitCode: 100, errorCode: 'INSTALL_FAILED', outputTail: 'E: Unable to locate package statistik-pro' });
  });

  it('cancels a job a PC has not received at once, and asks the PC for one it has', async () => {
    const offline = await rawPc('pc-offline');
    pcs.push(offline);
    await offline.raw.close();
    const queued = (await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [offline.id] })).json.jobs[0].id;
    expect((await h.api('POST', `/api/v1/jobs/${queued}/cancel`)).json.state).toBe('cancelled');
    expect((await h.api('GET', `/api/v1/jobs/${queued}`)).json.state).toBe('cancelled');

    const delivered = (await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [pcs[0]!.id] })).json.jobs[0].id;
    const job = await pcs[0]!.raw.next((m) => m.type === 'job' && m.payload.jobId === delivered);
    pcs[0]!.raw.ws.send(env('ack', { ids: [job.id] }));
    for (let i = 0; i < 300 && (await h.api('GET', `/api/v1/jobs/${delivered}`)).json.state !== 'delivered'; i++) await new Promise((res) => setTimeout(res, 20));
    expect((await h.api('POST', `/api/v1/jobs/${delivered}/cancel`)).status).toBe(202);
    expect((await pcs[0]!.raw.next((m) => m.type === 'job.cancel')).payload).toEqual({ jobId: delivered });
  });

  it('sends a PC the jobs that waited for it when it connects', async () => {
    const late = await rawPc('pc-late');
    await late.raw.close();
    const jobId = (await h.api('POST', '/api/v1/jobs', { itemId, agentIds: [late.id] })).json.jobs[0].id;
    const again = await connectRaw(h.server.url, `Bearer ${late.id}:${late.secret}`);
    again.ws.send(env('hello', { agentVersion: 't', protocol: 1, capabilities: [] }));
    expect((await again.next((m) => m.type === 'job')).payload.jobId).toBe(jobId);
    await again.close();
  });
});
