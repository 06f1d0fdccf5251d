/**
 * SOP steps 3-5 end to end, for real: a .deb built here is uploaded to the repository, put in the catalog, pushed to
 * real `pasang-agent` processes that download it, verify its SHA-256 and the batch signature, install it through the
 * dpkg backend into their own dpkg root, and verify it with dpkg-query; then uninstalled. Also: a wrong hash and a bad
 * signature are refused, an offline PC gets its job when it returns, and an agent SIGKILLed mid-install never installs
 * twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { Proc, serverCli, startAgentProcess, startServerProcess, stopAll } from '../../support/processes';
import { buildTinyDeb } from '../../support/tinyDeb';

jest.setTimeout(240_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-install-'));
const dataDir = path.join(root, 'server');
let url: string;
let apiToken: string;
let enrollToken: string;
const agents = new Map<string, { proc: Proc; stateDir: string; dpkgRoot: string; id: string }>();

async function api(method: string, p: string, body?: unknown, raw?: { data: Buffer; type: string }): Promise<{ status: number; json: any }> {
  const res = await fetch(url + p, {
    method,
    headers: {
      authorization: `Bearer ${apiToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(raw ? { 'content-type': raw.type } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : raw ? { body: raw.data } : {}),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function makeDpkgRoot(dir: string): void {
  for (const d of ['var/lib/dpkg/info', 'var/lib/dpkg/updates', 'var/lib/dpkg/triggers']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, 'var/lib/dpkg/status'), '');
}

function startAgent(name: string): Proc {
  let a = agents.get(name);
  const stateDir = a?.stateDir ?? path.join(root, name);
  const dpkgRoot = a?.dpkgRoot ?? path.join(root, `${name}-dpkgroot`);
  if (!a) makeDpkgRoot(dpkgRoot);
  const proc = startAgentProcess(name, [
    '--server', url, '--enroll-token', enrollToken, '--state-dir', stateDir, '--log-level', 'debug',
    '--dpkg-root', dpkgRoot, '--dpkg-force', 'script-chrootless,not-root',
  ], { PASANG_MACHINE_ID: `install-${name}` });
  a = { proc, stateDir, dpkgRoot, id: a?.id ?? '' };
  agents.set(name, a);
  return proc;
}

async function online(name: string): Promise<string> {
  const a = agents.get(name)!;
  await a.proc.waitFor((p) => p.logs().some((l) => l.msg === 'connected'), `${name} to connect`);
  a.id = JSON.parse(fs.readFileSync(path.join(a.stateDir, 'agent.json'), 'utf8')).agentId;
  await until(`${name} to report its inventory`, async () => (await api('GET', `/api/v1/agents/${a.id}`)).json.inventoryUpdatedAt);
  return a.id;
}

function dpkgStatus(name: string, pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['--admindir', path.join(agents.get(name)!.dpkgRoot, 'var/lib/dpkg'), '-W', '-f=${Status} ${Version}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return 'not-installed';
  }
}

async function upload(deb: string): Promise<{ sha256: string; sizeBytes: number; fileName: string }> {
  const r = await api('POST', `/api/v1/repository/artifacts?fileName=${encodeURIComponent(path.basename(deb))}`, undefined, {
    data: fs.readFileSync(deb),
    type: 'application/vnd.debian.binary-package',
  });
  expect([200, 201]).toContain(r.status);
  return { sha256: r.json.artifact.sha256, sizeBytes: r.json.artifact.size ?? r.json.artifact.sizeBytes, fileName: path.basename(deb) };
}

async function catalogItem(name: string, version: string, artifact: { sha256: string; sizeBytes: number; fileName: string }): Promise<string> {
  const r = await api('POST', '/api/v1/catalog', {
    name,
    version,
    category: 'Testing',
    variants: [{ os: 'linux', kind: 'deb', artifact, detection: { kind: 'dpkg', package: name, version } }],
  });
  expect(r.status).toBe(201);
  return r.json.id;
}

async function push(itemId: string, agentIds: string[], action: 'install' | 'uninstall' = 'install') {
  const r = await api('POST', '/api/v1/jobs', { itemId, agentIds, action });
  expect(r.status).toBe(201);
  return r.json as { jobs: { id: string; agentId: string }[]; refused: unknown[]; sentNow: number };
}

async function finished(jobId: string, timeoutMs = 60_000): Promise<any> {
  return until(`job ${jobId} to finish`, async () => {
    const j = (await api('GET', `/api/v1/jobs/${jobId}`)).json;
    return ['succeeded', 'failed', 'cancelled'].includes(j.state) && j;
  }, timeoutMs);
}

beforeAll(async () => {
  apiToken = serverCli(['api-token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout;
  enrollToken = serverCli(['enroll-token', 'create', '--uses', 'unlimited', '--expires', '1h', '--data-dir', dataDir]).stdout;
  ({ url } = await startServerProcess(['--port', '0', '--data-dir', dataDir]));
  startAgent('pc-a');
  startAgent('pc-b');
  await Promise.all([online('pc-a'), online('pc-b')]);
});

afterAll(async () => {
  await stopAll();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('pushing an install', () => {
  it('installs a real .deb on two PCs, verifies it, and uninstalls it', async () => {
    const artifact = await upload(buildTinyDeb('pasang-hello', '1.0.0', { 'usr/share/pasang-hello/README': 'halo\n' }));
    const itemId = await catalogItem('pasang-hello', '1.0.0', artifact);
    const ids = [agents.get('pc-a')!.id, agents.get('pc-b')!.id];
    const pushed = await push(itemId, ids);
    expect(pushed.refused).toEqual([]);
    expect(pushed.sentNow).toBe(2);
    for (const job of pushed.jobs) {
      const j = await finished(job.id);
      expect(j).toMatchObject({ state: 'succeeded', exitCode: 0, detectedVersion: '1.0.0', alreadyInstalled: false });
    }
    expect(dpkgStatus('pc-a', 'pasang-hello')).toBe('install ok installed 1.0.0');
    expect(dpkgStatus('pc-b', 'pasang-hello')).toBe('install ok installed 1.0.0');
    expect(fs.readFileSync(path.join(agents.get('pc-a')!.dpkgRoot, 'usr/share/pasang-hello/README'), 'utf8')).toBe('halo\n');

    // Pushing it again: detection finds it, nothing runs.
    const again = await push(itemId, [ids[0]!]);
    expect(await finished(again.jobs[0]!.id)).toMatchObject({ state: 'succeeded', alreadyInstalled: true });

    const removal = await push(itemId, ids, 'uninstall');
    for (const job of removal.jobs) expect(await finished(job.id)).toMatchObject({ state: 'succeeded' });
    expect(dpkgStatus('pc-a', 'pasang-hello')).not.toContain('install ok installed');
  });

  it('unpacks an archive into its folder, verifies it by a file, and removes it', async () => {
    const src = path.join(root, 'archive-src');
    fs.mkdirSync(path.join(src, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(src, 'bin', 'alat-statistik'), '#!/bin/sh\necho 1.2\n', { mode: 0o755 });
    const tarball = path.join(root, 'alat-statistik-1.2.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', src, 'bin']);
    const r = await api('POST', `/api/v1/repository/artifacts?fileName=alat-statistik-1.2.tar.gz`, undefined, { data: fs.readFileSync(tarball), type: 'application/gzip' });
    const artifact = { sha256: r.json.artifact.sha256, sizeBytes: r.json.artifact.size ?? r.json.artifact.sizeBytes, fileName: 'alat-statistik-1.2.tar.gz' };
    const target = path.join(root, 'apps', 'alat-statistik');
    const item = await api('POST', '/api/v1/catalog', {
      name: 'Alat Statistik',
      version: '1.2',
      category: 'Statistik',
      variants: [{ os: 'linux', kind: 'archive', artifact, targetDir: target, detection: { kind: 'file', path: path.join(target, 'bin', 'alat-statistik') } }],
    });
    expect(item.status).toBe(201);
    const a = agents.get('pc-a')!;
    const installed = await push(item.json.id, [a.id]);
    expect(await finished(installed.jobs[0]!.id)).toMatchObject({ state: 'succeeded' });
    expect(execFileSync(path.join(target, 'bin', 'alat-statistik'), { encoding: 'utf8' })).toBe('1.2\n');
    const removed = await push(item.json.id, [a.id], 'uninstall');
    expect(await finished(removed.jobs[0]!.id)).toMatchObject({ state: 'succeeded' });
    expect(fs.existsSync(path.join(target, 'bin', 'alat-statistik'))).toBe(false);
  });

  it('refuses an artifact whose bytes do not match the signed SHA-256', async () => {
    const deb = buildTinyDeb('pasang-tampered', '1.0.0');
    const artifact = await upload(deb);
    const itemId = await catalogItem('pasang-tampered', '1.0.0', artifact);
    // Someone with access to the server's disk swaps the stored installer.
    const stored = path.join(dataDir, 'repository', artifact.sha256.slice(0, 2), artifact.sha256);
    const bytes = fs.readFileSync(stored);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    fs.writeFileSync(stored, bytes);
    const pushed = await push(itemId, [agents.get('pc-a')!.id]);
    expect(await finished(pushed.jobs[0]!.id)).toMatchObject({ state: 'failed', errorCode: 'HASH_MISMATCH' });
    expect(dpkgStatus('pc-a', 'pasang-tampered')).toBe('not-installed');
  });

  it('refuses a job whose signature does not check against the key the agent pinned', async () => {
    const a = agents.get('pc-b')!;
    await a.proc.kill();
    const store = path.join(a.stateDir, 'agent.json');
    const saved = fs.readFileSync(store, 'utf8');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    fs.writeFileSync(store, JSON.stringify({ ...JSON.parse(saved), serverPublicKey: other }), { mode: 0o600 });
    startAgent('pc-b');
    await online('pc-b');
    const artifact = await upload(buildTinyDeb('pasang-unsigned', '1.0.0'));
    const itemId = await catalogItem('pasang-unsigned', '1.0.0', artifact);
    const pushed = await push(itemId, [a.id]);
    expect(await finished(pushed.jobs[0]!.id)).toMatchObject({ state: 'failed', errorCode: 'SIGNATURE_INVALID' });
    expect(dpkgStatus('pc-b', 'pasang-unsigned')).toBe('not-installed');
    await agents.get('pc-b')!.proc.kill();
    fs.writeFileSync(store, saved, { mode: 0o600 });
    startAgent('pc-b');
    await online('pc-b');
  });

  it('delivers a job to a PC that was offline at push time when it returns', async () => {
    const a = agents.get('pc-b')!;
    await a.proc.kill();
    await until('pc-b offline', async () => !(await api('GET', `/api/v1/agents/${a.id}`)).json.online);
    const artifact = await upload(buildTinyDeb('pasang-later', '2.1.0'));
    const itemId = await catalogItem('pasang-later', '2.1.0', artifact);
    const pushed = await push(itemId, [a.id]);
    expect(pushed.sentNow).toBe(0);
    expect((await api('GET', `/api/v1/jobs/${pushed.jobs[0]!.id}`)).json.state).toBe('queued');
    startAgent('pc-b');
    expect(await finished(pushed.jobs[0]!.id)).toMatchObject({ state: 'succeeded', detectedVersion: '2.1.0' });
    expect(dpkgStatus('pc-b', 'pasang-later')).toBe('install ok installed 2.1.0');
  });

  it('never installs twice when the agent is SIGKILLed mid-install, and stores the result once', async () => {
    const counter = path.join(root, 'postinst-runs.txt');
    const deb = buildTinyDeb('pasang-slow', '1.0.0', {}, { postinst: `#!/bin/sh\nset -e\nsleep 3\necho ran >> '${counter}'\n` });
    const itemId = await catalogItem('pasang-slow', '1.0.0', await upload(deb));
    const a = agents.get('pc-a')!;
    const pushed = await push(itemId, [a.id]);
    const jobId = pushed.jobs[0]!.id;
    await until('the installer to start', async () => (await api('GET', `/api/v1/jobs/${jobId}`)).json.state === 'installing', 30_000);
    await a.proc.kill('SIGKILL');
    startAgent('pc-a');
    const j = await finished(jobId);
    expect(j).toMatchObject({ state: 'succeeded' });
    expect(fs.readFileSync(counter, 'utf8')).toBe('ran\n');
    expect(dpkgStatus('pc-a', 'pasang-slow')).toBe('install ok installed 1.0.0');
    // The result reached the server once: the job's row was finished once and no second result changed it.
    const finishedAt = j.finishedAt;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api('GET', `/api/v1/jobs/${jobId}`)).json.finishedAt).toBe(finishedAt);
  });
});
