/**
 * AgentSocketReads on real sockets over loopback, plain and TLS: a paused connection is not read at all (the bytes
 * wait in the kernel), where `ws.pause()` alone still reads once more; resuming delivers everything in order, and
 * pausing and resuming in quick succession while frames arrive never leaves a connection stalled.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { AgentSocketReads } from '../../../../src/server/ws/agentSocketReads';

interface Pair {
  server: WebSocket;
  socket: Duplex & { bytesRead: number };
  client: WebSocket;
  received: string[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

let tls: { key: Buffer; cert: Buffer } | null = null;
let tmp = '';

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-socket-reads-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=pasang-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(tmp, 'key.pem'),
      '-out',
      path.join(tmp, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  tls = { key: fs.readFileSync(path.join(tmp, 'key.pem')), cert: fs.readFileSync(path.join(tmp, 'cert.pem')) };
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A WebSocket server and one client connected to it, the server side's socket kept as the hub keeps it. */
async function connect(secure: boolean): Promise<Pair> {
  const web = secure ? https.createServer({ key: tls!.key, cert: tls!.cert }) : http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  const accepted = new Promise<{ ws: WebSocket; socket: Duplex }>((resolve) => {
    web.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => resolve({ ws, socket })));
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  const { port } = web.address() as { port: number };
  const client = new WebSocket(`${secure ? 'wss' : 'ws'}://127.0.0.1:${port}/`, secure ? { ca: tls!.cert } : {});
  const opened = new Promise<void>((r, j) => {
    client.once('open', () => r());
    client.once('error', j);
  });
  try {
    await opened;
  } catch (err) {
    wss.close();
    web.close();
    throw err;
  }
  const { ws, socket } = await accepted;
  const received: string[] = [];
  ws.on('message', (data) => received.push(String(data)));
  return {
    server: ws,
    socket: socket as Duplex & { bytesRead: number },
    client,
    received,
    async close() {
      client.terminate();
      ws.terminate();
      wss.close();
      await new Promise<void>((r) => web.close(() => r()));
    },
  };
}

/** Messages of ~8 KB each, numbered, so that order and completeness can be checked. */
const message = (i: number) => `${String(i).padStart(6, '0')}:${'x'.repeat(8_000)}`;

async function sendAll(client: WebSocket, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) client.send(message(i));
  await until('the client to have sent everything', () => client.bufferedAmount === 0);
}

describe.each([
  ['plain', false],
  ['TLS', true],
])('AgentSocketReads (%s)', (_name, secure) => {
  let pair: Pair;
  beforeEach(async () => {
    pair = await connect(secure);
  });
  afterEach(async () => {
    await pair.close();
  });

  it('reads nothing while paused, then everything in order once resumed', async () => {
    const reads = new AgentSocketReads(pair.server, pair.socket);
    reads.pause();
    const before = pair.socket.bytesRead;
    await sendAll(pair.client, 0, 100);
    await sleep(100);
    expect(pair.socket.bytesRead).toBe(before);
    expect(pair.received).toEqual([]);

    reads.resume();
    await until('all 100 messages', () => pair.received.length === 100);
    expect(pair.received).toEqual(Array.from({ length: 100 }, (_, i) => message(i)));
  });

  it('ws.pause() alone still reads the socket once more (why the handle is stopped too)', async () => {
    pair.server.pause();
    const before = pair.socket.bytesRead;
    await sendAll(pair.client, 0, 100);
    await until('a read after the pause', () => pair.socket.bytesRead > before);
    expect(pair.received).toEqual([]);
    pair.server.resume();
    await until('all 100 messages', () => pair.received.length === 100);
  });

  it('never stalls when paused and resumed again and again while frames arrive', async () => {
    const reads = new AgentSocketReads(pair.server, pair.socket);
    const total = 600;
    let sent = 0;
    for (let round = 0; round < 200 && pair.received.length < total; round++) {
      if (sent < total) {
        const n = Math.min(6, total - sent);
        await sendAll(pair.client, sent, n);
        sent += n;
      }
      reads.pause();
      if (round % 3 === 0) reads.pause(); // twice in a row: the second is a no-op
      await new Promise((r) => setImmediate(r));
      reads.resume();
      if (round % 5 === 0) reads.resume();
      await new Promise((r) => setImmediate(r));
    }
    await until(`all ${total} messages`, () => pair.received.length === total);
    expect(pair.received).toEqual(Array.from({ length: total }, (_, i) => message(i)));
  });

  it('does nothing to a connection that is already closed', async () => {
    const reads = new AgentSocketReads(pair.server, pair.socket);
    const closed = new Promise((r) => pair.server.once('close', r));
    pair.client.close();
    await closed;
    expect(() => {
      reads.pause();
      reads.resume();
    }).not.toThrow();
    expect(pair.socket.destroyed).toBe(true);
  });
});
