/** Licence seats in use (GET /api/v1/catalog/seats): PCs an item is installed on through Pasang, on SQLite and PostgreSQL. */
import { connectRaw, startHarness, type Harness, type RawAgent } from '../../support/serverHarness';
import { makeInventory } from '../../support/fixtures/inventory';
import { serverDatabases } from '../../support/serverDatabases';

const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) =>
  JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });

describe.each(serverDatabases())('licence seats on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  const pcs: { id: string; raw: RawAgent }[] = [];
  let itemId: string;

  async function rawPc(hostname: string): Promise<{ id: string; raw: RawAgent }> {
    const a = await h.enroll();
    const raw = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
    raw.ws.send(env('hello', { agentVersion: 't', protocol: 1, capabilities: [] }));
    await raw.next((m) => m.type === 'welcome');
    raw.ws.send(
      env(
        'inventory',
        { hash: String(pcs.length).padStart(64, 'c'), inventory: makeInventory({ hostname, software: 2 }) },
        `inv-${hostname}`,
      ),
    );
    await raw.next((m) => m.type === 'ack');
    return { id: a.agentId, raw };
  }

  /** Pushes `action` to these PCs and has each report `state`. */
  async function run(action: 'install' | 'uninstall', who: typeof pcs, state: 'succeeded' | 'failed'): Promise<void> {
    const r = await h.api('POST', '/api/v1/jobs', { itemId, action, agentIds: who.map((p) => p.id) });
    expect(r.status).toBe(201);
    for (const job of r.json.jobs as { id: string; agentId: string }[]) {
      const pc = who.find((p) => p.id === job.agentId)!;
      await pc.raw.next((m) => m.type === 'job' && m.payload.jobId === job.id);
      const ref = `res-${job.id}`;
      pc.raw.ws.send(env('job.result', { jobId: job.id, state }, ref));
      await pc.raw.next((m) => m.type === 'ack' && m.payload.ids[0] === ref);
    }
  }

  const seats = async () => (await h.api('GET', `/api/v1/catalog/seats?ids=${itemId},unknown-item`)).json;

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    h = await startHarness(created.db ? { db: created.db } : {});
    for (const name of ['pc-a', 'pc-b', 'pc-c']) pcs.push(await rawPc(name));
    const item = await h.api('POST', '/api/v1/catalog', {
      name: 'Office Berlisensi',
      version: '2024',
      category: 'Perkantoran',
      licenceSeats: 2,
      variants: [
        {
          os: 'linux',
          kind: 'apt',
          packageId: 'office-berlisensi',
          detection: { kind: 'dpkg', package: 'office-berlisensi' },
        },
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

  it('counts no seat before anything is installed, and leaves out unknown items', async () => {
    expect(await seats()).toEqual({ items: [{ itemId, seats: 2, used: 0 }] });
  });

  it('counts the PCs with a succeeded install, not the failed ones', async () => {
    await run('install', [pcs[0]!, pcs[1]!], 'succeeded');
    await run('install', [pcs[2]!], 'failed');
    expect((await seats()).items[0]).toEqual({ itemId, seats: 2, used: 2 });
  });

  it('frees a seat when the item is uninstalled, and counts a reinstall once', async () => {
    await run('uninstall', [pcs[0]!], 'succeeded');
    expect((await seats()).items[0].used).toBe(1);
    await run('install', [pcs[1]!], 'succeeded');
    expect((await seats()).items[0].used).toBe(1);
  });

  it('does not count a revoked PC', async () => {
    expect((await h.api('POST', `/api/v1/agents/${pcs[1]!.id}/revoke`)).status).toBeLessThan(300);
    expect((await seats()).items[0].used).toBe(0);
  });

  it('refuses a request without ids', async () => {
    expect((await h.api('GET', '/api/v1/catalog/seats')).status).toBe(400);
  });
});
