/**
 * GET /api/v1/agents with the PC filter (src/shared/pcFilter.ts) on both stores, against inventories the PCs sent over
 * their own sockets: team (through the people recorded as using a PC), installed software with and without a minimum
 * version, present or missing, and specs (RAM, free space on the system drive — kept current by live metrics — CPU
 * cores and model). The bulk push resolves its `filter` through the same conditions.
 */
import type { Inventory } from '../../../src/shared/protocol/inventory';
import { makeInventory, makeSoftware } from '../../support/fixtures/inventory';
import { serverDatabases } from '../../support/serverDatabases';
import { connectRaw, startHarness, type Harness, type RawAgent } from '../../support/serverHarness';

const GiB = 1024 ** 3;
const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) =>
  JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });

interface PcSpec {
  hostname: string;
  family: 'linux' | 'windows';
  ramGiB: number;
  freeGiB: number;
  cores: number;
  cpu: string;
  /** Extra programs over the 30 generic packages. */
  programs: { name: string; version: string }[];
  /** The agent could not read the software list. */
  softwareUnknown?: boolean;
}

const PCS: PcSpec[] = [
  { hostname: 'pc-keu-01', family: 'windows', ramGiB: 16, freeGiB: 120, cores: 8, cpu: 'Intel Core i5-12400T', programs: [{ name: 'Google Chrome', version: '120.0.6099.110' }, { name: 'LibreOffice 7.6', version: '7.6.4.1' }] },
  { hostname: 'pc-keu-02', family: 'windows', ramGiB: 8, freeGiB: 20, cores: 4, cpu: 'Intel Core i3-10100', programs: [{ name: 'Google Chrome', version: '99.0.4844.51' }] },
  { hostname: 'pc-ipds-01', family: 'linux', ramGiB: 32, freeGiB: 300, cores: 16, cpu: 'AMD Ryzen 7 5700G', programs: [{ name: 'google chrome', version: '121.0' }, { name: 'LibreOffice 24.2', version: '24.2.0' }] },
  { hostname: 'pc-ipds-02', family: 'linux', ramGiB: 4, freeGiB: 8, cores: 2, cpu: 'Intel Celeron N4020', programs: [] },
  { hostname: 'pc-unknown', family: 'linux', ramGiB: 8, freeGiB: 50, cores: 4, cpu: 'Intel Core i5-8500', programs: [], softwareUnknown: true },
];

function inventoryOf(pc: PcSpec): Inventory {
  const inv = makeInventory({ hostname: pc.hostname, software: 0, freeBytes: pc.freeGiB * GiB });
  inv.os = { ...inv.os!, family: pc.family, platform: pc.family === 'windows' ? 'win32' : 'linux', hostname: pc.hostname };
  if (pc.family === 'windows') inv.fileSystems = [{ fs: 'C:', type: 'NTFS', mount: 'C:', sizeBytes: 500 * GiB, usedBytes: (500 - pc.freeGiB) * GiB, freeBytes: pc.freeGiB * GiB }];
  // What the OS keeps after reserving is less than the modules' sum: the filter reads the modules, as the spec check does.
  inv.memory = { totalBytes: pc.ramGiB * GiB - 300 * 1024 ** 2, modules: [{ sizeBytes: pc.ramGiB * GiB, type: 'DDR4', clockMHz: 3200 }] };
  inv.cpu = { ...inv.cpu!, model: pc.cpu, cores: pc.cores };
  if (pc.softwareUnknown) {
    delete inv.software;
    inv.problems = { software: 'dpkg-query failed' };
  } else {
    inv.software = [...makeSoftware(30), ...pc.programs.map((p) => ({ ...p, source: (pc.family === 'windows' ? 'windows-registry' : 'dpkg') as 'windows-registry' | 'dpkg' }))];
  }
  return inv;
}

describe.each(serverDatabases())('the PC filter of the PC list on $name', (database) => {
  let h: Harness;
  let dispose: () => Promise<void>;
  const ids = new Map<string, string>();
  const sockets: RawAgent[] = [];
  let teamKeu: string;
  let teamIpds: string;

  const send = async (hostname: string, inventory: Inventory, hash: string) => {
    const c = sockets[[...ids.keys()].indexOf(hostname)]!;
    const id = `inv-${hostname}-${hash.slice(0, 4)}`;
    c.ws.send(env('inventory', { hash, inventory }, id));
    const reply = await c.next((m) => (m.type === 'ack' && m.payload.ids.includes(id)) || (m.type === 'error' && m.payload.refId === id), 10_000);
    if (reply.type === 'error') throw new Error(`inventory of ${hostname} refused: ${JSON.stringify(reply.payload)}`);
  };

  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    // Metrics acks are held 30 s by default (deferredAcks.ts); this test waits for one.
    h = await startHarness({ ...(created.db ? { db: created.db } : {}), agentHub: { metricsAck: { delayMs: 100, maxIds: 8 } } });
    for (const [i, pc] of PCS.entries()) {
      const a = await h.enroll();
      ids.set(pc.hostname, a.agentId);
      const c = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      sockets.push(c);
      c.ws.send(env('hello', { agentVersion: '0.1.0', protocol: 1, capabilities: [] }));
      await c.next((m) => m.type === 'welcome');
      await send(pc.hostname, inventoryOf(pc), String(i).repeat(64));
    }
    // Teams: Keuangan uses both pc-keu PCs (one person each); IPDS has pc-ipds-01 confirmed, and a pending claim on
    // pc-ipds-02 (a claim is no record of use until it is confirmed); a disabled member's PC is no longer the team's.
    const team = async (name: string) => (await h.api('POST', '/api/v1/teams', { name })).json.id as string;
    teamKeu = await team('Keuangan');
    teamIpds = await team('IPDS');
    const person = async (username: string, teamId: string) =>
      (await h.api('POST', '/api/v1/users', { username, displayName: username, roles: ['employee'], teamId })).json.id as string;
    const link = async (userId: string, pc: string) => {
      const r = await h.api('POST', '/api/v1/os-accounts', { userId, agentId: ids.get(pc), osUser: `u-${pc}` });
      expect(r.status).toBe(201);
    };
    await link(await person('ani', teamKeu), 'pc-keu-01');
    await link(await person('budi', teamKeu), 'pc-keu-02');
    await link(await person('citra', teamIpds), 'pc-ipds-01');
    const gone = await person('dedi', teamIpds);
    await link(gone, 'pc-unknown');
    expect((await h.api('DELETE', `/api/v1/users/${gone}`)).status).toBe(200);
    await h.server.database.db
      .insertInto('user_os_accounts')
      .values({ id: 'claim-1', user_id: await person('eka', teamIpds), agent_id: ids.get('pc-ipds-02')!, os_user: 'eka', created_at: Date.now() })
      .execute();
  }, 60_000);

  afterAll(async () => {
    for (const c of sockets) await c.close();
    await h?.close();
    await dispose?.();
  });

  const hosts = async (q: string) => {
    const r = await h.api('GET', `/api/v1/agents?${q}`);
    if (r.status !== 200) throw new Error(`${q}: ${r.status} ${JSON.stringify(r.json)}`);
    return { total: r.json.total as number, hosts: (r.json.items as { hostname: string }[]).map((a) => a.hostname) };
  };
  const names = async (q: string) => (await hosts(q)).hosts;

  it("finds a team's PCs through the confirmed OS accounts of its enabled members", async () => {
    expect(await names(`teamId=${teamKeu}`)).toEqual(['pc-keu-01', 'pc-keu-02']);
    expect(await names(`teamId=${teamIpds}`)).toEqual(['pc-ipds-01']);
    expect(await names('teamId=no-such-team')).toEqual([]);
  });

  it('finds PCs that have a program, by name in any case or by prefix, and at a version or newer', async () => {
    expect(await names('software=Google%20Chrome')).toEqual(['pc-ipds-01', 'pc-keu-01', 'pc-keu-02']);
    expect(await names('software=GOOGLE%20CHROME&softwareMinVersion=120')).toEqual(['pc-ipds-01', 'pc-keu-01']);
    // 120.0.6099.110 ≥ 120.0.6099.110, < 120.0.6099.111; 121.0 ≥ both.
    expect(await names('software=google%20chrome&softwareMinVersion=120.0.6099.110')).toEqual(['pc-ipds-01', 'pc-keu-01']);
    expect(await names('software=google%20chrome&softwareMinVersion=120.0.6099.111')).toEqual(['pc-ipds-01']);
    expect(await names('software=libreoffice*')).toEqual(['pc-ipds-01', 'pc-keu-01']);
    expect(await names('software=libreoffice*&softwareMinVersion=8')).toEqual(['pc-ipds-01']);
    expect(await names('software=libre%25')).toEqual([]);
    // A name is matched whole (no program is called "google chrom"); a prefix keeps its trailing space as typed.
    expect(await names('software=google%20chrom')).toEqual([]);
    expect(await names('software=google%20chrome&softwareMinVersion=121')).toEqual(['pc-ipds-01']);
    expect(await names('software=libreoffice%20*')).toEqual(['pc-ipds-01', 'pc-keu-01']);
    expect(await names('software=libreoffice%207*')).toEqual(['pc-keu-01']);
    expect(await names('software=libreoffice%207*&softwareMinVersion=7.6.4.2')).toEqual([]);
  });

  it('finds PCs whose known software list lacks a program (or has it only older)', async () => {
    expect(await names('software=Google%20Chrome&softwareMissing=true')).toEqual(['pc-ipds-02']);
    expect(await names('software=Google%20Chrome&softwareMinVersion=120&softwareMissing=true')).toEqual(['pc-ipds-02', 'pc-keu-02']);
    expect(await names('software=Google%20Chrome&softwareMissing=false')).toEqual(['pc-ipds-01', 'pc-keu-01', 'pc-keu-02']);
  });

  it('filters by specs: installed RAM, free space on the system drive, CPU cores and model', async () => {
    expect(await names(`minMemoryBytes=${16 * GiB}`)).toEqual(['pc-ipds-01', 'pc-keu-01']);
    expect(await names(`minMemoryBytes=${8 * GiB}&minCpuCores=8`)).toEqual(['pc-ipds-01', 'pc-keu-01']);
    expect(await names(`minFreeDiskBytes=${50 * GiB}`)).toEqual(['pc-ipds-01', 'pc-keu-01', 'pc-unknown']);
    expect(await names('cpu=core%20i5')).toEqual(['pc-keu-01', 'pc-unknown']);
    expect(await names('cpu=ryzen&os=linux&online=true')).toEqual(['pc-ipds-01']);
  });

  it('combines filters and pages on the server, with the total the pager needs', async () => {
    const q = `software=Google%20Chrome&minMemoryBytes=${8 * GiB}`;
    expect(await hosts(`${q}&limit=2`)).toEqual({ total: 3, hosts: ['pc-ipds-01', 'pc-keu-01'] });
    expect(await hosts(`${q}&limit=2&offset=2`)).toEqual({ total: 3, hosts: ['pc-keu-02'] });
    expect(await hosts(`${q}&teamId=${teamKeu}&os=windows&search=keu`)).toEqual({ total: 2, hosts: ['pc-keu-01', 'pc-keu-02'] });
  });

  it('follows a PC whose software list changes, and its free space as live metrics report it', async () => {
    const pc = PCS[3]!;
    const inv = inventoryOf(pc);
    inv.software = [...inv.software!, { name: 'Google Chrome', version: '122.0', source: 'dpkg' }];
    await send(pc.hostname, inv, 'f'.repeat(64));
    expect(await names('software=Google%20Chrome&softwareMinVersion=122')).toEqual(['pc-ipds-02']);
    expect(await names('software=Google%20Chrome&softwareMissing=true')).toEqual([]);

    const c = sockets[3]!;
    c.ws.send(env('metrics', { sample: { sampledAt: new Date().toISOString(), diskFree: [{ mount: '/', freeBytes: 400 * GiB }] } }, 'met-1'));
    await c.next((m) => m.type === 'ack' && m.payload.ids.includes('met-1'));
    const deadline = Date.now() + 10_000;
    while (!(await names(`minFreeDiskBytes=${350 * GiB}`)).includes('pc-ipds-02') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await names(`minFreeDiskBytes=${350 * GiB}`)).toEqual(['pc-ipds-02']);
  });

  it('refuses a bad parameter with a 400 that names it, and an unknown parameter', async () => {
    for (const [q, words] of [
      ['minCpuCores=0', 'minCpuCores'],
      ['minMemoryBytes=8GB', 'minMemoryBytes'],
      ['softwareMinVersion=2.0', 'need software'],
      ['software=x&softwareMinVersion=latest', 'softwareMinVersion'],
      ['software=x&softwareMissing=yes', 'softwareMissing'],
      [`cpu=${'x'.repeat(101)}`, 'cpu'],
      ['os=os2', 'os'],
      ['teamId=a%20b', 'teamId'],
      ['minRam=8', 'unknown parameter'],
      ['online=true&online=false', 'more than once'],
    ] as const) {
      const r = await h.api('GET', `/api/v1/agents?${q}`);
      expect([q, r.status, r.json.error.code]).toEqual([q, 400, 'BAD_REQUEST']);
      expect(r.json.error.message).toContain(words);
    }
  });

  it('resolves a bulk push by the same filter', async () => {
    const item = await h.api('POST', '/api/v1/catalog', {
      name: 'Zoom',
      version: '6.0.0',
      category: 'Komunikasi',
      variants: [
        { os: 'windows', kind: 'winget', packageId: 'Zoom.Zoom', detection: { kind: 'winget', id: 'Zoom.Zoom' } },
        { os: 'linux', kind: 'apt', packageId: 'zoom', detection: { kind: 'dpkg', package: 'zoom' } },
      ],
    });
    expect(item.status).toBe(201);
    const preview = await h.api('POST', '/api/v1/jobs/preview', { itemId: item.json.id, filter: { teamId: teamKeu, software: 'google chrome', softwareMinVersion: '120' } });
    expect(preview.status).toBe(200);
    expect(preview.json.pcs).toBe(1);
    expect(preview.json.ok.map((p: { agentId: string }) => p.agentId)).toEqual([ids.get('pc-keu-01')]);
    const bad = await h.api('POST', '/api/v1/jobs/preview', { itemId: item.json.id, filter: { softwareMissing: true } });
    expect([bad.status, bad.json.error.message]).toEqual([400, expect.stringContaining('need software')]);
  });
});
