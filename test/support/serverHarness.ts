/** A real server started in-process on 127.0.0.1:0 with a temp data dir, plus helpers to talk to it as an agent. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/main';
import { silentLogger } from '../../src/shared/logger';

export interface Harness {
  server: RunningServer;
  dataDir: string;
  adminToken: string;
  api(method: string, urlPath: string, body?: unknown, token?: string): Promise<{ status: number; json: any }>;
  enroll(): Promise<{ agentId: string; agentSecret: string }>;
  close(): Promise<void>;
}

export async function startHarness(options: ServerOptions = {}): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-server-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, ...options });
  const { token: adminToken } = await server.apiTokens.create('admin', 'test');
  const api: Harness['api'] = async (method, urlPath, body, token = adminToken) => {
    const call = () =>
      fetch(server.url + urlPath, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    // A test process that also runs the server and many agents can block its event loop past the keep-alive margin,
    // and then reuses a pooled socket the server has just closed ("other side closed"). A GET is safe to send again;
    // nothing else is retried.
    const res = await call().catch((err: unknown) => {
      if (method !== 'GET') throw err;
      return call();
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  return {
    server,
    dataDir,
    adminToken,
    api,
    async enroll() {
      const { token } = await server.enrollment.createToken({ uses: 1 });
      const r = await api('POST', '/api/v1/enroll', { token, machineId: 'test-machine', hostname: 'test-pc' });
      if (r.status !== 201) throw new Error(`enroll failed: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json as { agentId: string; agentSecret: string };
    },
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw WebSocket client speaking as an agent, collecting what the server sends. */
export interface RawAgent {
  ws: WebSocket;
  received: any[];
  next(predicate?: (m: any) => boolean, timeoutMs?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function connectRaw(url: string, authorization: string): Promise<RawAgent> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/agent/ws`, { headers: { authorization }, perMessageDeflate: false });
    const received: any[] = [];
    const waiters: { predicate: (m: any) => boolean; resolve(m: any): void }[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      received.push(m);
      const i = waiters.findIndex((w) => w.predicate(m));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
    });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode, res })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        received,
        closed,
        next(predicate = () => true, timeoutMs = 5000) {
          const already = received.find(predicate);
          if (already) {
            received.splice(received.indexOf(already), 1);
            return Promise.resolve(already);
          }
          return new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error('no matching message in time')), timeoutMs);
            waiters.push({
              predicate,
              resolve: (m) => {
                clearTimeout(t);
                received.splice(received.indexOf(m), 1);
                res(m);
              },
            });
          });
        },
        async close() {
          if (ws.readyState === WebSocket.CLOSED) return;
          ws.close();
          await closed;
        },
      }),
    );
  });
}
