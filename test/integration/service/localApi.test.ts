/**
 * The agent service's local API on a real Unix socket in a temp folder: the challenge that proves a caller's OS user
 * (with a second, real OS user in a separate process), the typed operations and their errors, limits, events, and
 * the tray's client with its reconnect.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ErrorCodes, PasangError } from '../../../src/shared/errors';
import { createLogger } from '../../../src/shared/logger';
import {
  connectLocalAgentApi,
  type LinkState,
  type LocalAgentApi,
} from '../../../src/main/core/localApi/connectLocalAgentApi';
import { createCommandRunner } from '../../../src/main/core/process/commandRunner';
import { createPosixChallenger } from '../../../src/main/service/localApi/posixChallenger';
import { createPosixUserResolver } from '../../../src/main/service/localApi/resolvePosixUser';
import {
  startLocalApiServer,
  type LocalApiServer,
  type LocalApiServerOptions,
} from '../../../src/main/service/localApi/localApiServer';
import { FakeAgentHost } from '../../support/fakeAgentApi';

const posix = process.platform !== 'win32';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const SECOND_USER = 'pasangtest2';
const me = os.userInfo().username;

let root: string;
let n = 0;
const servers: LocalApiServer[] = [];
const clients: LocalAgentApi[] = [];
const sockets: net.Socket[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-localapi-'));
  // The second OS user must reach the socket and its own challenge folder through here.
  fs.chmodSync(root, 0o755);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Started {
  server: LocalApiServer;
  host: FakeAgentHost;
  logs: Record<string, any>[];
  socketPath: string;
  challengeDir: string;
}

async function start(overrides: Partial<LocalApiServerOptions> = {}): Promise<Started> {
  n += 1;
  const socketPath = path.join(root, `svc${n}`, 'run', 'api.sock');
  const challengeDir = path.join(root, `svc${n}`, 'run', 'challenge');
  const host = new FakeAgentHost();
  const logs: Record<string, any>[] = [];
  const server = await startLocalApiServer({
    socketPath,
    apiFor: (caller) => host.apiFor(caller),
    challenger: createPosixChallenger({
      dir: challengeDir,
      resolveUser: createPosixUserResolver(createCommandRunner()),
    }),
    logger: createLogger('localApi', { level: 'debug', write: (l) => logs.push(JSON.parse(l)) }),
    ...overrides,
  });
  servers.push(server);
  return { server, host, logs, socketPath, challengeDir };
}

/** A client speaking the frames by hand, to send what the real client never would. */
class RawClient {
  readonly frames: any[] = [];
  closed = false;
  private buffer = '';
  private waiters: (() => void)[] = [];
  readonly socket: net.Socket;

  constructor(socketPath: string) {
    this.socket = net.connect(socketPath);
    sockets.push(this.socket);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (d: string) => {
      this.buffer += d;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) !== -1) {
        this.frames.push(JSON.parse(this.buffer.slice(0, i)));
        this.buffer = this.buffer.slice(i + 1);
      }
      this.wake();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(frame: unknown): void {
    this.socket.write(`${typeof frame === 'string' ? frame : JSON.stringify(frame)}\n`);
  }

  /** The first frame (from the start) that matches, waiting for it. */
  async next(test: (f: any) => boolean, what: string): Promise<any> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const f = this.frames.find(test);
      if (f) return f;
      if (this.closed) throw new Error(`closed while waiting for ${what}: ${JSON.stringify(this.frames)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 1000);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async untilClosed(): Promise<void> {
    await this.next(() => false, 'the close').catch((err: Error) => {
      if (!this.closed) throw err;
    });
  }

  /** hello → read the challenge (we are its user) → proof → ready. */
  async verify(osUser = me): Promise<void> {
    this.send({ type: 'hello', version: 1, osUser });
    const challenge = await this.next((f) => f.type === 'challenge', 'the challenge');
    this.send({ type: 'proof', nonce: fs.readFileSync(challenge.path, 'utf8') });
    await this.next((f) => f.type === 'ready', 'ready');
  }

  result(id: string): Promise<any> {
    return this.next((f) => f.type === 'result' && f.id === id, `the result of ${id}`);
  }
}

function client(s: Started, extra: Parameters<typeof connectLocalAgentApi>[0] = {}): LocalAgentApi {
  const c = connectLocalAgentApi({
    path: s.socketPath,
    challengeDir: s.challengeDir,
    osUser: me,
    backoff: { baseMs: 20, maxMs: 100 },
    ...extra,
  });
  clients.push(c);
  return c;
}

function nextLink(c: LocalAgentApi, linked: boolean): Promise<LinkState> {
  if (c.link.linked === linked) return Promise.resolve(c.link);
  return new Promise((resolve) => {
    const off = c.onLink((l) => {
      if (l.linked !== linked) return;
      off();
      resolve(l);
    });
  });
}

(posix ? describe : describe.skip)('startLocalApiServer', () => {
  it('opens the socket to every local user and keeps the challenge folder closed', async () => {
    const s = await start();
    expect(fs.lstatSync(s.socketPath).isSocket()).toBe(true);
    expect(fs.statSync(s.socketPath).mode & 0o777).toBe(0o666);
    const raw = new RawClient(s.socketPath);
    await raw.verify();
    expect(fs.statSync(s.challengeDir).mode & 0o777).toBe(0o711);
    const own = fs.statSync(path.join(s.challengeDir, String(process.getuid!())));
    expect(own.mode & 0o777).toBe(0o700);
    // The nonce is deleted once it was used.
    expect(fs.readdirSync(path.join(s.challengeDir, String(process.getuid!())))).toEqual([]);
  });

  it('serves a verified caller as that OS user and no other', async () => {
    const s = await start();
    const api = client(s);
    expect(await api.whoami()).toMatchObject({ name: me });
    expect(await api.act('t-1', 'approve')).toEqual({ queued: true, requestId: 'req-2' });
    await api.act('t-2', 'reject', 'not needed');
    expect(s.host.calls).toEqual([
      { osUser: me, method: 'whoami', args: [] },
      { osUser: me, method: 'act', args: ['t-1', 'approve'] },
      { osUser: me, method: 'act', args: ['t-2', 'reject', 'not needed'] },
    ]);
  });

  it('answers an unknown operation with UNKNOWN_OPERATION and logs it', async () => {
    const s = await start();
    const raw = new RawClient(s.socketPath);
    await raw.verify();
    raw.send({ type: 'call', id: 'x1', method: 'runCommand', args: ['rm -rf /'] });
    expect(await raw.result('x1')).toMatchObject({ ok: false, code: ErrorCodes.UNKNOWN_OPERATION });
    raw.send({ type: 'call', id: 'x2', method: 'constructor', args: [] });
    expect(await raw.result('x2')).toMatchObject({ ok: false, code: ErrorCodes.UNKNOWN_OPERATION });
    raw.send({ type: 'subscribe', event: 'onEverything' });
    expect(await raw.next((f) => f.type === 'error', 'the error')).toMatchObject({
      code: ErrorCodes.UNKNOWN_OPERATION,
    });
    expect(
      s.logs.filter((l) => l.msg === 'local API unknown operation refused').map((l) => [l.method, l.osUser]),
    ).toEqual([
      ['runCommand', me],
      ['constructor', me],
    ]);
    expect(s.host.calls).toEqual([]);
  });

  it('refuses arguments that are not the method’s with BAD_REQUEST, before the API sees them', async () => {
    const s = await start();
    const raw = new RawClient(s.socketPath);
    await raw.verify();
    raw.send({ type: 'call', id: 'b1', method: 'act', args: ['t-1', 'delete_everything'] });
    raw.send({ type: 'call', id: 'b2', method: 'ticket', args: ['../../etc/passwd'] });
    raw.send({ type: 'call', id: 'b3', method: 'catalog', args: [{ search: 'x', sql: '1=1' }] });
    raw.send({ type: 'call', id: 'b4', method: 'status', args: [1] });
    for (const id of ['b1', 'b2', 'b3', 'b4'])
      expect(await raw.result(id)).toMatchObject({ ok: false, code: ErrorCodes.BAD_REQUEST });
    expect(s.host.calls).toEqual([]);
  });

  it('answers a malformed frame with BAD_REQUEST and keeps the connection', async () => {
    const s = await start();
    const raw = new RawClient(s.socketPath);
    await raw.verify();
    raw.send('{"type": "call", "id": ');
    raw.send({ type: 'call', id: 'm1', method: 'status' });
    raw.send({ type: 'telnet' });
    expect(await raw.result('m1')).toMatchObject({ ok: false, code: ErrorCodes.BAD_REQUEST });
    await raw.next((f) => f.type === 'error' && /JSON/.test(f.message), 'the JSON error');
    raw.send({ type: 'call', id: 'm2', method: 'status', args: [] });
    expect(await raw.result('m2')).toMatchObject({ ok: true, result: { connection: 'connected' } });
    expect(raw.closed).toBe(false);
  });

  it('closes cleanly, with PAYLOAD_TOO_LARGE, a connection that sends an oversized frame', async () => {
    const s = await start({ maxFrameChars: 1024 });
    const raw = new RawClient(s.socketPath);
    await raw.verify();
    raw.send({ type: 'call', id: 'o1', method: 'catalog', args: [{ search: 'x'.repeat(5000) }] });
    expect(await raw.next((f) => f.type === 'error', 'the error')).toMatchObject({
      code: ErrorCodes.PAYLOAD_TOO_LARGE,
    });
    await raw.untilClosed();
    expect(s.host.calls).toEqual([]);
    expect(s.server.connections).toBe(0);
  });

  it('refuses calls before the caller proved its OS user', async () => {
    const s = await start();
    const raw = new RawClient(s.socketPath);
    raw.send({ type: 'call', id: 'e1', method: 'whoami', args: [] });
    expect(await raw.result('e1')).toMatchObject({ ok: false, code: ErrorCodes.CALLER_UNVERIFIED });
    expect(s.host.calls).toEqual([]);
  });

  it('refuses a wrong nonce and closes the connection', async () => {
    const s = await start();
    const raw = new RawClient(s.socketPath);
    raw.send({ type: 'hello', version: 1, osUser: me });
    const challenge = await raw.next((f) => f.type === 'challenge', 'the challenge');
    raw.send({ type: 'proof', nonce: '0'.repeat(64) });
    expect(await raw.next((f) => f.type === 'error', 'the refusal')).toMatchObject({
      code: ErrorCodes.CALLER_UNVERIFIED,
    });
    await raw.untilClosed();
    expect(fs.existsSync(challenge.path)).toBe(false);
    expect(s.logs.some((l) => l.msg === 'local API caller failed the challenge' && l.claimed === me)).toBe(true);
  });

  it.each([
    [
      'a second hello',
      [
        { type: 'hello', version: 1, osUser: me },
        { type: 'hello', version: 1, osUser: me },
      ],
      ErrorCodes.BAD_REQUEST,
    ],
    ['a proof before hello', [{ type: 'proof', nonce: 'a'.repeat(64) }], ErrorCodes.BAD_REQUEST],
    ['another protocol version', [{ type: 'hello', version: 2, osUser: me }], ErrorCodes.UNSUPPORTED_VERSION],
    ['a subscription before the proof', [{ type: 'subscribe', event: 'onStatus' }], ErrorCodes.CALLER_UNVERIFIED],
  ])('closes the connection on %s', async (_what, frames, code) => {
    const s = await start();
    const raw = new RawClient(s.socketPath);
    for (const f of frames) raw.send(f);
    expect(await raw.next((f) => f.type === 'error', 'the refusal')).toMatchObject({ code });
    await raw.untilClosed();
    expect(s.host.listenerCount('onStatus')).toBe(0);
  });

  it('refuses a name that is no user here, or that only looks like a uid', async () => {
    const s = await start();
    for (const osUser of ['nosuchuser-pasang', '0', '-x']) {
      const raw = new RawClient(s.socketPath);
      raw.send({ type: 'hello', version: 1, osUser });
      expect(await raw.next((f) => f.type === 'error', 'the refusal')).toMatchObject({
        code: ErrorCodes.CALLER_UNVERIFIED,
      });
      await raw.untilClosed();
    }
  });

  it('closes a connection that does not prove its user in time', async () => {
    const s = await start({ handshakeTimeoutMs: 100 });
    const raw = new RawClient(s.socketPath);
    expect(await raw.next((f) => f.type === 'error', 'the timeout')).toMatchObject({
      code: ErrorCodes.CALLER_UNVERIFIED,
    });
    await raw.untilClosed();
  });

  it('refuses more connections waiting to prove their user than it allows, but not verified ones', async () => {
    const s = await start({ maxUnverified: 2 });
    const verified = new RawClient(s.socketPath);
    await verified.verify();
    const waiting = [new RawClient(s.socketPath), new RawClient(s.socketPath)];
    waiting[0]!.send({ type: 'call', id: 'w0', method: 'status', args: [] });
    waiting[1]!.send({ type: 'call', id: 'w1', method: 'status', args: [] });
    await waiting[0]!.result('w0');
    await waiting[1]!.result('w1');
    const third = new RawClient(s.socketPath);
    expect(await third.next((f) => f.type === 'error', 'the refusal')).toMatchObject({ code: ErrorCodes.RATE_LIMITED });
    await third.untilClosed();
    verified.send({ type: 'call', id: 'v', method: 'status', args: [] });
    expect(await verified.result('v')).toMatchObject({ ok: true });
  });

  it('limits the rate of each connection (RATE_LIMITED), and refills with time', async () => {
    let now = 1_000_000;
    const s = await start({ rateLimit: { perSecond: 1, burst: 4 }, clock: { now: () => now } });
    const raw = new RawClient(s.socketPath);
    await raw.verify(); // hello and proof took two tokens
    for (const id of ['r1', 'r2', 'r3']) raw.send({ type: 'call', id, method: 'status', args: [] });
    expect(await raw.result('r1')).toMatchObject({ ok: true });
    expect(await raw.result('r2')).toMatchObject({ ok: true });
    expect(await raw.result('r3')).toMatchObject({ ok: false, code: ErrorCodes.RATE_LIMITED });
    now += 1000;
    raw.send({ type: 'call', id: 'r4', method: 'status', args: [] });
    expect(await raw.result('r4')).toMatchObject({ ok: true });
  });

  it('takes a flood of frames in order without losing the connection (the socket is paused, not buffered)', async () => {
    const now = 0;
    const s = await start({ rateLimit: { perSecond: 1, burst: 1000 }, clock: { now: () => now } });
    const raw = new RawClient(s.socketPath);
    await raw.verify();
    raw.send(
      Array.from({ length: 500 }, (_, i) =>
        JSON.stringify({ type: 'call', id: `f${i}`, method: 'status', args: [] }),
      ).join('\n'),
    );
    expect(await raw.result('f499')).toMatchObject({ ok: true });
    const ids = raw.frames.filter((f) => f.type === 'result').map((f) => f.id);
    expect(ids).toHaveLength(500);
    expect(raw.closed).toBe(false);
  });

  it('passes a typed error of the API through by its code, and hides any other as INTERNAL', async () => {
    const s = await start();
    s.host.failures.set('myPc', new PasangError(ErrorCodes.AGENT_OFFLINE, 'the server is not reachable'));
    s.host.failures.set('approvals', new Error('secret detail'));
    const api = client(s);
    await expect(api.myPc()).rejects.toMatchObject({
      code: ErrorCodes.AGENT_OFFLINE,
      message: 'the server is not reachable',
    });
    await expect(api.approvals()).rejects.toMatchObject({ code: ErrorCodes.INTERNAL, message: 'internal error' });
    expect(s.logs.some((l) => l.msg === 'local API call failed' && /secret detail/.test(l.error))).toBe(true);
  });

  it('pushes events after the client subscribes, only its own user’s, and stops when it unsubscribes', async () => {
    const s = await start();
    const api = client(s);
    const got: unknown[] = [];
    const off = api.onStatus((st) => got.push(st));
    await nextLink(api, true);
    await api.status(); // a round trip: the subscription is in place before it
    expect(s.host.listenerCount('onStatus')).toBe(1);
    s.host.emit('onStatus', { connection: 'offline' }, 'somebody-else');
    s.host.emit('onStatus', { connection: 'offline' }, me);
    await api.status();
    expect(got).toEqual([{ connection: 'offline' }]);
    off();
    await api.status();
    expect(s.host.listenerCount('onStatus')).toBe(0);
  });

  it('replaces a stale socket file and refuses a path another service serves', async () => {
    const s = await start();
    await expect(
      startLocalApiServer({
        socketPath: s.socketPath,
        apiFor: () => s.host.apiFor({ osUser: me }),
        challenger: { issue: () => Promise.reject(new Error('unused')) },
        logger: createLogger('x', { write: () => undefined }),
      }),
    ).rejects.toMatchObject({ code: ErrorCodes.CONFLICT });
    // A crashed service leaves its socket file behind: bind a socket and drop it without unlinking.
    const stale = path.join(root, 'stale.sock');
    const child = spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    expect(child.signal).toBe('SIGKILL');
    expect(fs.lstatSync(stale).isSocket()).toBe(true);
    const again = await startLocalApiServer({
      socketPath: stale,
      apiFor: (c) => s.host.apiFor(c),
      challenger: createPosixChallenger({
        dir: path.join(root, 'stale-ch'),
        resolveUser: createPosixUserResolver(createCommandRunner()),
      }),
      logger: createLogger('x', { write: () => undefined }),
    });
    servers.push(again);
    const api = client({ ...s, socketPath: stale, challengeDir: path.join(root, 'stale-ch') });
    expect(await api.whoami()).toMatchObject({ name: me });
  });
});

(posix ? describe : describe.skip)('connectLocalAgentApi', () => {
  it('reconnects after the service restarts and renews its subscriptions', async () => {
    const s = await start();
    const api = client(s, { linkTimeoutMs: 200 });
    const got: unknown[] = [];
    api.onTicketEvent((e) => got.push(e));
    await nextLink(api, true);
    await api.status();
    const down = nextLink(api, false);
    await s.server.close();
    servers.splice(servers.indexOf(s.server), 1);
    expect((await down).error).toMatchObject({ code: ErrorCodes.LOCAL_API_UNAVAILABLE });
    await expect(api.status()).rejects.toMatchObject({ code: ErrorCodes.LOCAL_API_UNAVAILABLE });

    const host = new FakeAgentHost();
    servers.push(
      await startLocalApiServer({
        socketPath: s.socketPath,
        apiFor: (c) => host.apiFor(c),
        challenger: createPosixChallenger({
          dir: s.challengeDir,
          resolveUser: createPosixUserResolver(createCommandRunner()),
        }),
        logger: createLogger('x', { write: () => undefined }),
      }),
    );
    await nextLink(api, true);
    await api.status();
    expect(host.listenerCount('onTicketEvent')).toBe(1);
    host.emit('onTicketEvent', { action: 'approve' }, me);
    await api.status();
    expect(got).toEqual([{ action: 'approve' }]);
  }, 20_000);

  it('fails a call the service never answers with LOCAL_API_UNAVAILABLE, after its time-out', async () => {
    const s = await start();
    let release!: () => void;
    s.host.gates.set('myTickets', new Promise<void>((r) => (release = r)));
    const api = client(s, { callTimeoutMs: 150 });
    await expect(api.myTickets()).rejects.toMatchObject({
      code: ErrorCodes.LOCAL_API_UNAVAILABLE,
      message: /no answer/,
    });
    release();
    // The late answer is dropped; the link goes on.
    expect(await api.status()).toMatchObject({ connection: 'connected' });
  });

  it('fails a call with LOCAL_API_UNAVAILABLE when no service listens', async () => {
    const api = connectLocalAgentApi({
      path: path.join(root, 'nobody.sock'),
      challengeDir: root,
      osUser: me,
      linkTimeoutMs: 200,
      backoff: { baseMs: 20, maxMs: 50 },
    });
    clients.push(api);
    await expect(api.whoami()).rejects.toMatchObject({ code: ErrorCodes.LOCAL_API_UNAVAILABLE });
  });

  it('refuses a challenge in a folder others may write (not the service’s), or a file others may read', async () => {
    const squatPath = path.join(root, 'squat2.sock');
    const open = path.join(root, 'open-challenges');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    const planted = path.join(open, 'x.nonce');
    fs.writeFileSync(planted, 'b'.repeat(64), { mode: 0o600 });
    const seen: string[] = [];
    const squatter = net.createServer((sock) => {
      sockets.push(sock);
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => {
        seen.push(d);
        if (d.includes('"hello"')) sock.write(`${JSON.stringify({ type: 'challenge', path: planted })}\n`);
      });
    });
    await new Promise<void>((r) => squatter.listen(squatPath, r));
    try {
      const api = connectLocalAgentApi({
        path: squatPath,
        challengeDir: open,
        osUser: me,
        backoff: { baseMs: 5000, maxMs: 5000 },
      });
      clients.push(api);
      const link = await new Promise<LinkState>((r) => {
        const off = api.onLink((l) => {
          if (l.error) {
            off();
            r(l);
          }
        });
      });
      expect(link.error).toMatchObject({ code: ErrorCodes.CALLER_UNVERIFIED, message: /service’s folder/ });
      expect(seen.join('')).not.toContain('proof');
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('never reads out a file outside the challenge folder for whoever listens on the socket', async () => {
    const squatPath = path.join(root, 'squat.sock');
    const secret = path.join(root, 'secret.txt');
    fs.writeFileSync(secret, 'a'.repeat(64));
    const seen: string[] = [];
    const squatter = net.createServer((sock) => {
      sockets.push(sock);
      sock.setEncoding('utf8');
      sock.on('data', (d: string) => {
        seen.push(d);
        if (d.includes('"hello"')) sock.write(`${JSON.stringify({ type: 'challenge', path: secret })}\n`);
      });
    });
    await new Promise<void>((r) => squatter.listen(squatPath, r));
    try {
      const api = connectLocalAgentApi({
        path: squatPath,
        challengeDir: path.join(root, 'challenge-here'),
        osUser: me,
        backoff: { baseMs: 5000, maxMs: 5000 },
      });
      clients.push(api);
      await new Promise<void>((r) => {
        const off = api.onLink((l) => {
          if (l.error?.code === ErrorCodes.CALLER_UNVERIFIED) {
            off();
            r();
          }
        });
      });
      expect(seen.join('')).not.toContain('proof');
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });
});

/** Runs a tiny client as another OS user: it claims `claim`, reads its challenge if it can, then asks whoami. */
function runAs(uid: number, gid: number, socketPath: string, claim: string): Promise<any[]> {
  const script = `
    const net = require('net'), fs = require('fs');
    const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
    const s = net.connect(${JSON.stringify(socketPath)});
    let buf = '';
    s.setEncoding('utf8');
    s.on('connect', () => s.write(JSON.stringify({ type: 'hello', version: 1, osUser: ${JSON.stringify(claim)} }) + '\\n'));
    s.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\\n')) !== -1) {
        const f = JSON.parse(buf.slice(0, i)); buf = buf.slice(i + 1);
        out(f);
        if (f.type === 'challenge') {
          let nonce;
          try { nonce = fs.readFileSync(f.path, 'utf8'); out({ read: true }); }
          catch (e) { out({ read: false, code: e.code }); nonce = 'f'.repeat(64); }
          s.write(JSON.stringify({ type: 'proof', nonce }) + '\\n');
        }
        if (f.type === 'ready') s.write(JSON.stringify({ type: 'call', id: 'w', method: 'whoami', args: [] }) + '\\n');
        if (f.type === 'result') s.end();
      }
    });
    s.on('close', () => out({ closed: true }));
    s.on('error', (e) => out({ error: e.code }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { uid, gid, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`client as uid ${uid} exited ${code}: ${stderr}`));
      resolve(
        stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      );
    });
  });
}

function ensureSecondUser(): { uid: number; gid: number } {
  if (spawnSync('getent', ['passwd', SECOND_USER]).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SECOND_USER], {
      encoding: 'utf8',
    });
    if (r.status !== 0 && spawnSync('getent', ['passwd', SECOND_USER]).status !== 0)
      throw new Error(`useradd failed: ${r.stderr}`);
  }
  const [, , uid, gid] = spawnSync('getent', ['passwd', SECOND_USER], { encoding: 'utf8' }).stdout.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

// Creating an OS user and running a process as it needs root; elsewhere this cannot be shown on one machine.
(posix && isRoot ? describe : describe.skip)('a second OS user', () => {
  let second: { uid: number; gid: number };
  beforeAll(() => {
    second = ensureSecondUser();
  });

  it('is refused when it claims to be the first user (it cannot read that user’s nonce)', async () => {
    const s = await start();
    const frames = await runAs(second.uid, second.gid, s.socketPath, me);
    expect(frames).toContainEqual({ read: false, code: 'EACCES' });
    expect(frames).toContainEqual(expect.objectContaining({ type: 'error', code: ErrorCodes.CALLER_UNVERIFIED }));
    expect(frames.some((f) => f.type === 'ready' || f.type === 'result')).toBe(false);
    expect(frames.at(-1)).toEqual({ closed: true });
    expect(s.host.calls).toEqual([]);
    expect(s.logs.some((l) => l.msg === 'local API caller failed the challenge' && l.claimed === me)).toBe(true);
  });

  it('gets its own identity, and only that, when it claims to be itself', async () => {
    const s = await start();
    const frames = await runAs(second.uid, second.gid, s.socketPath, SECOND_USER);
    expect(frames).toContainEqual({ read: true });
    expect(frames).toContainEqual({ type: 'ready', osUser: SECOND_USER });
    expect(frames).toContainEqual(
      expect.objectContaining({
        type: 'result',
        id: 'w',
        ok: true,
        result: expect.objectContaining({ name: SECOND_USER }),
      }),
    );
    expect(s.host.calls).toEqual([{ osUser: SECOND_USER, method: 'whoami', args: [] }]);
    // Its challenge folder is its own; the first user's folder is closed to it.
    const st = fs.statSync(path.join(s.challengeDir, String(second.uid)));
    expect([st.uid, st.mode & 0o777]).toEqual([second.uid, 0o700]);
  });
});
