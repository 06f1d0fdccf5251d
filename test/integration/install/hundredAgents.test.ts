/**
 * A push to 100 PCs at once: 100 real agent cores (the same Agent the pasang-agent service runs, each with its own
 * state dir, store and dpkg root) connected to a real server over real sockets, all installing a real .deb through
 * the dpkg backend. Inventory and metrics come from fixtures here: 100 real collections at once would only measure
 * this machine's two cores, and the collector has its own tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Agent } from '../../../src/main/core/agent';
import { createCommandRunner } from '../../../src/main/core/process/commandRunner';
import { createConfStore } from '../../../src/main/core/store/confStore';
import { silentLogger } from '../../../src/shared/logger';
import { startHarness, type Harness } from '../../support/serverHarness';
import { buildTinyDeb } from '../../support/tinyDeb';
import { makeInventory } from '../../support/fixtures/inventory';

jest.setTimeout(300_000);
const N = 100;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-hundred-'));
let h: Harness;
const agents: { agent: Agent; dpkgRoot: string }[] = [];

beforeAll(async () => {
  // This suite is about 100 installs at once; the two-person rule for big pushes has its own tests (pushRequests.test.ts).
  h = await startHarness({ twoPersonPushThreshold: 1000 });
  const { token } = await h.server.enrollment.createToken({ uses: N });
  const runner = createCommandRunner();
  for (let i = 0; i < N; i++) {
    const stateDir = path.join(root, `agent-${i}`);
    const dpkgRoot = path.join(root, `root-${i}`);
    for (const d of ['var/lib/dpkg/info', 'var/lib/dpkg/updates']) fs.mkdirSync(path.join(dpkgRoot, d), { recursive: true });
    fs.writeFileSync(path.join(dpkgRoot, 'var/lib/dpkg/status'), '');
    const inventory = makeInventory({ hostname: `pc-${String(i).padStart(3, '0')}`, software: 50 });
    const agent = new Agent({
      store: createConfStore({ dir: stateDir }),
      stateDir,
      serverUrl: h.server.url,
      enrollToken: token,
      identity: { machineId: `m-${i}`, hostname: inventory.os!.hostname },
      agentVersion: 'test',
      inventory: { collect: async () => inventory },
      metrics: { sample: async () => ({ sampledAt: new Date().toISOString(), cpuLoadPercent: 1 }) },
      logger: silentLogger,
      runner,
      dpkg: { root: dpkgRoot, log: '/dev/null' },
    });
    agents.push({ agent, dpkgRoot });
  }
  await Promise.all(agents.map((a) => a.agent.start()));
  const deadline = Date.now() + 60_000;
  while ((await h.api('GET', '/api/v1/agents?online=true&limit=1')).json.total < N) {
    if (Date.now() > deadline) throw new Error('agents did not all come online');
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.agent.stop()));
  await h.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a push to 100 PCs at once', () => {
  it('installs on every one of them', async () => {
    const deb = buildTinyDeb('pasang-fleet', '3.0.0', { 'opt/pasang-fleet/VERSION': '3.0.0\n' });
    const up = await fetch(`${h.server.url}/api/v1/repository/artifacts?fileName=pasang-fleet_3.0.0_all.deb`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/octet-stream' },
      body: fs.readFileSync(deb),
    });
    const { artifact } = (await up.json()) as any;
    const item = await h.api('POST', '/api/v1/catalog', {
      name: 'pasang-fleet',
      version: '3.0.0',
      category: 'Testing',
      variants: [
        {
          os: 'linux',
          kind: 'deb',
          artifact: { sha256: artifact.sha256, sizeBytes: artifact.size ?? artifact.sizeBytes, fileName: 'pasang-fleet_3.0.0_all.deb' },
          detection: { kind: 'dpkg', package: 'pasang-fleet', version: '3.0.0' },
        },
      ],
    });
    expect(item.status).toBe(201);
    const pushed = await h.api('POST', '/api/v1/jobs', { itemId: item.json.id, filter: { online: true } });
    expect(pushed.status).toBe(201);
    expect(pushed.json.jobs).toHaveLength(N);
    expect(pushed.json.sentNow).toBe(N);
    const batchId = pushed.json.batchIds[0];

    const deadline = Date.now() + 240_000;
    let done = 0;
    while (done < N) {
      if (Date.now() > deadline) throw new Error(`only ${done} of ${N} finished`);
      await new Promise((r) => setTimeout(r, 500));
      done = (await h.api('GET', `/api/v1/jobs?batchId=${batchId}&state=succeeded&limit=1`)).json.total;
      const failed = (await h.api('GET', `/api/v1/jobs?batchId=${batchId}&state=failed&limit=5`)).json;
      expect(failed.items).toEqual([]);
    }
    for (const a of agents) {
      const status = execFileSync('dpkg-query', ['--admindir', path.join(a.dpkgRoot, 'var/lib/dpkg'), '-W', '-f=${Status} ${Version}', 'pasang-fleet'], { encoding: 'utf8' });
      expect(status).toBe('install ok installed 3.0.0');
    }
  });
});
