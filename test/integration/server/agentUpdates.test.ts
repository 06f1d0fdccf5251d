/**
 * The agent app's self-update end to end on 127.0.0.1: an admin publishes a release with the CLI into the running
 * server's data dir; a real enrolled agent's update check finds it through the signed feed; the file downloads and its
 * SHA-512 matches the signed feed; electron-updater's own generic provider reads the same feed; a feed or signature
 * changed on the way (a loopback proxy in the middle) is refused, and so are downgrades and a server that is down.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider';
import { runServerCli } from '../../../src/server/cli/serverCli';
import { Agent } from '../../../src/main/core/agent';
import { createAgentApi } from '../../../src/main/core/api/createAgentApi';
import { tlsOptions } from '../../../src/main/core/connection/tlsOptions';
import { createCommandRunner } from '../../../src/main/core/process/commandRunner';
import { createConfStore } from '../../../src/main/core/store/confStore';
import { loadPinnedKey } from '../../../src/main/core/trust/serverSignature';
import { checkForUpdate } from '../../../src/main/core/update/updateCheck';
import { verifyDownloadedUpdate } from '../../../src/main/core/update/verifyDownloadedUpdate';
import type { AgentStore } from '../../../src/main/core/store/agentStore';
import { ErrorCodes } from '../../../src/shared/errors';
import { silentLogger } from '../../../src/shared/logger';
import { startHarness, type Harness } from '../../support/serverHarness';
import { until } from '../../support/sopWorld';

let h: Harness;
let dir: string;
let agent: Agent;
let store: AgentStore;
let proxy: http.Server | null = null;

const debFile = () => path.join(dir, 'pasang_0.2.0_amd64.deb');
const release = randomBytes(300 * 1024);
const releaseSha512 = createHash('sha512').update(release).digest('base64');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runServerCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The core's check of `serverUrl` with this agent's pinned key, as the agent would run it on `platform`. */
function checkAt(serverUrl: string, platform: 'win' | 'linux' | 'mac' = 'linux', currentVersion = '0.1.0') {
  return checkForUpdate({ serverUrl, platform, currentVersion, key: loadPinnedKey(store.get('serverPublicKey')!), tls: tlsOptions({}), timeoutMs: 5000 });
}

/** A man in the middle on loopback: passes everything to the server, rewriting what `rewrite` says on the way back. */
async function startProxy(rewrite: (pathname: string, body: Buffer) => Buffer): Promise<string> {
  proxy = http.createServer((req, res) => {
    void fetch(`${h.server.url}${req.url}`).then(async (upstream) => {
      const body = rewrite(new URL(req.url!, 'http://x').pathname, Buffer.from(await upstream.arrayBuffer()));
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  h = await startHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-updates-'));
  fs.writeFileSync(debFile(), release);
  const { token } = await h.server.enrollment.createToken({ uses: 1 });
  const stateDir = path.join(dir, 'agent');
  store = createConfStore({ dir: stateDir });
  agent = new Agent({
    store,
    stateDir,
    serverUrl: h.server.url,
    enrollToken: token,
    identity: { machineId: 'm-update-pc', hostname: 'update-pc' },
    agentVersion: '0.1.0',
    platform: 'linux',
    inventory: { collect: async () => { throw new Error('not needed here'); } },
    metrics: { sample: async () => ({ sampledAt: new Date().toISOString(), cpuLoadPercent: 1, memUsedBytes: 1, memTotalBytes: 2, uptimeSec: 1 }) },
    logger: silentLogger,
    runner: createCommandRunner(),
  });
  await agent.start();
  await until('enrolled', async () => agent.status.agentId);
});

afterAll(async () => {
  if (proxy) await new Promise((r) => proxy!.close(r));
  await agent?.stop();
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  if (proxy) await new Promise((r) => proxy!.close(r));
  proxy = null;
});

describe('agent updates', () => {
  it('offers nothing before a release is published', async () => {
    await expect(createAgentApi(agent, { osUser: 'pegawai' }).checkForUpdate()).resolves.toEqual({
      status: 'none',
      reason: 'unpublished',
      currentVersion: '0.1.0',
      offeredVersion: null,
    });
  });

  it('refuses a publish with a wrong platform, version or file kind before storing anything', async () => {
    const wrongKind = await cli(['agent-release', 'publish', '--file', debFile(), '--version', '0.2.0', '--platform', 'win', '--data-dir', h.dataDir]);
    expect(wrongKind).toMatchObject({ code: 1, err: expect.stringMatching(/a win update is a \.exe file/) });
    const badVersion = await cli(['agent-release', 'publish', '--file', debFile(), '--version', '0.2', '--platform', 'linux', '--data-dir', h.dataDir]);
    expect(badVersion).toMatchObject({ code: 1, err: expect.stringMatching(/semantic version/) });
    const missing = await cli(['agent-release', 'publish', '--version', '0.2.0', '--platform', 'linux', '--data-dir', h.dataDir]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringMatching(/needs --file/) });
    expect((await cli(['agent-release', 'list', '--data-dir', h.dataDir])).out).toBe('no agent releases published');
  });

  it('publishes with the CLI; the agent sees the release through the signed feed, downloads it and the SHA-512 matches', async () => {
    const published = await cli(['agent-release', 'publish', '--file', debFile(), '--version', '0.2.0', '--platform', 'linux', '--data-dir', h.dataDir]);
    expect(published).toMatchObject({ code: 0, err: '' });
    expect(published.out).toContain(`sha512 ${releaseSha512}`);
    expect(published.out).toContain('feed: /updates/linux/latest-linux.yml');

    const outcome = await createAgentApi(agent, { osUser: 'pegawai' }).checkForUpdate();
    expect(outcome).toEqual({
      status: 'available',
      version: '0.2.0',
      currentVersion: '0.1.0',
      feedUrl: `${h.server.url}/updates/linux`,
      fileUrl: `${h.server.url}/updates/linux/pasang_0.2.0_amd64.deb`,
      fileName: 'pasang_0.2.0_amd64.deb',
      sha512: releaseSha512,
      sizeBytes: release.length,
      releaseDate: expect.any(String),
    });
    if (outcome.status !== 'available') throw new Error('no update');
    const res = await fetch(outcome.fileUrl);
    expect(res.status).toBe(200);
    const downloaded = path.join(dir, 'downloaded.deb');
    fs.writeFileSync(downloaded, Buffer.from(await res.arrayBuffer()));
    await expect(verifyDownloadedUpdate(downloaded, outcome.sha512)).resolves.toBeUndefined();

    // A resumed download (electron-updater and office links both need Range) gets the rest of the same bytes.
    const tail = await fetch(outcome.fileUrl, { headers: { range: `bytes=${release.length - 10}-` } });
    expect([tail.status, Buffer.from(await tail.arrayBuffer()).equals(release.subarray(release.length - 10))]).toEqual([206, true]);
    // The publish is in the audit log, by the CLI's OS user.
    expect((await h.api('GET', '/api/v1/audit?action=agent_release.publish')).json.items).toEqual([
      expect.objectContaining({ action: 'agent_release.publish', target: 'agent_release:linux/latest/0.2.0', actorKind: 'cli' }),
    ]);
  });

  it("is read by electron-updater's own generic provider exactly as published", async () => {
    const arch = process.env.TEST_UPDATER_ARCH;
    process.env.TEST_UPDATER_ARCH = 'x64';
    try {
      const provider = new GenericProvider({ provider: 'generic', url: `${h.server.url}/updates/linux` }, { channel: null, isAddNoCacheQuery: true } as never, {
        platform: 'linux',
        executor: new NodeHttpExecutor() as never, // the Node executor in place of Electron's net: same HttpExecutor base
        isUseMultipleRangeRequest: false,
      });
      const info = await provider.getLatestVersion();
      expect(info).toMatchObject({ version: '0.2.0', path: 'pasang_0.2.0_amd64.deb', sha512: releaseSha512 });
      expect(provider.resolveFiles(info).map((f) => f.url.href)).toEqual([`${h.server.url}/updates/linux/pasang_0.2.0_amd64.deb`]);
    } finally {
      if (arch === undefined) delete process.env.TEST_UPDATER_ARCH;
      else process.env.TEST_UPDATER_ARCH = arch;
    }
  });

  it('refuses a feed changed on the way, a feed re-signed by another key, and a signature changed by one character', async () => {
    const genuine = await fetch(`${h.server.url}/updates/linux/latest-linux.yml`).then(async (r) => Buffer.from(await r.arrayBuffer()));
    const genuineSig = await fetch(`${h.server.url}/updates/linux/latest-linux.yml.sig`).then((r) => r.text());
    // The same feed pointing at another file: what an attacker on the office network would serve.
    const evil = Buffer.from(genuine.toString('utf8').replaceAll(releaseSha512, createHash('sha512').update('evil').digest('base64')));
    const intruderSig = `${sign(null, evil, generateKeyPairSync('ed25519').privateKey).toString('base64')}\n`;
    const flippedSig = genuineSig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const cases: [string, (p: string, body: Buffer) => Buffer][] = [
      ['feed changed, genuine signature', (p, body) => (p.endsWith('.yml') ? evil : body)],
      ['feed changed, signed by another key', (p, body) => (p.endsWith('.yml') ? evil : p.endsWith('.sig') ? Buffer.from(intruderSig) : body)],
      ['genuine feed, signature changed', (p, body) => (p.endsWith('.sig') ? Buffer.from(flippedSig) : body)],
    ];
    for (const [what, rewrite] of cases) {
      const url = await startProxy(rewrite);
      await expect(checkAt(url).catch((err: { code: string }) => [what, err.code])).resolves.toEqual([what, ErrorCodes.SIGNATURE_INVALID]);
      await new Promise((r) => proxy!.close(r));
      proxy = null;
    }
    // Through the same proxy untouched, the same check passes: the refusals are the changes', not the proxy's.
    await expect(checkAt(await startProxy((_p, body) => body))).resolves.toMatchObject({ status: 'available', version: '0.2.0' });
  });

  it('never goes back: an older or equal publish is refused, an agent on the newest is told it is current', async () => {
    const older = await cli(['agent-release', 'publish', '--file', debFile(), '--version', '0.1.9', '--platform', 'linux', '--data-dir', h.dataDir]);
    expect(older).toMatchObject({ code: 1, err: expect.stringMatching(/already offers 0\.2\.0; 0\.1\.9 is not newer/) });
    await expect(checkAt(h.server.url, 'linux', '0.2.0')).resolves.toEqual({ status: 'none', reason: 'same', currentVersion: '0.2.0', offeredVersion: '0.2.0' });
    await expect(checkAt(h.server.url, 'linux', '0.3.0')).resolves.toMatchObject({ status: 'none', reason: 'older' });
    await expect(checkAt(h.server.url, 'mac')).resolves.toMatchObject({ status: 'none', reason: 'unpublished' });
  });

  it('says the server is unreachable when it is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    await expect(checkAt(url)).rejects.toMatchObject({ code: ErrorCodes.SERVER_UNREACHABLE });
  });

  it('serves the Windows feed as latest.yml beside its .sig, and no feed of another platform', async () => {
    const exe = path.join(dir, 'Pasang-Setup-0.2.0.exe');
    fs.writeFileSync(exe, randomBytes(1024));
    expect((await cli(['agent-release', 'publish', '--file', exe, '--version', '0.2.0', '--platform', 'win', '--data-dir', h.dataDir])).code).toBe(0);
    const feed = await fetch(`${h.server.url}/updates/win/latest.yml`);
    expect([feed.status, feed.headers.get('content-type')]).toEqual([200, 'text/yaml; charset=utf-8']);
    expect(await feed.text()).toMatch(/^version: 0\.2\.0\nfiles:\n {2}- url: Pasang-Setup-0\.2\.0\.exe\n/);
    expect((await fetch(`${h.server.url}/updates/win/latest.yml.sig`)).status).toBe(200);
    // Declared like every route, so it is in the API document too.
    const openapi = (await fetch(`${h.server.url}/api/v1/openapi.json`).then((r) => r.json())) as { paths: Record<string, { get?: { security?: unknown[] } }> };
    expect(openapi.paths['/updates/{platform}/{fileName}']?.get).toBeDefined();
    for (const wrong of ['/updates/win/latest-linux.yml', '/updates/linux/latest.yml', '/updates/bsd/latest.yml', '/updates/win/Pasang-Setup-0.2.0.exe.blockmap', '/updates/linux/Pasang-Setup-0.2.0.exe']) {
      expect([wrong, (await fetch(`${h.server.url}${wrong}`)).status]).toEqual([wrong, 404]);
    }
  });
});
