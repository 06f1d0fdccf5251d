import http from 'node:http';
import { ErrorCodes } from '../../../src/shared/errors';
import { connectRaw, startHarness, type Harness } from '../../support/serverHarness';
import { makeInventory } from '../../support/fixtures/inventory';

const env = (type: string, payload: unknown, id = `m-${Math.random().toString(36).slice(2)}`) =>
  JSON.stringify({ v: 1, id, type, ts: Date.now(), payload });
const sha = (c: string) => c.repeat(64);

describe('AgentHub', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ metricsIntervalSec: 30, revocationCheckMs: 200 });
  });
  afterAll(async () => {
    await h.close();
  });

  describe('upgrade', () => {
    it('answers a wrong secret with 401 before any frame', async () => {
      const { agentId } = await h.enroll();
      await expect(connectRaw(h.server.url, `Bearer ${agentId}:psa_wrong`)).rejects.toMatchObject({ statusCode: 401 });
      await expect(connectRaw(h.server.url, 'Bearer garbage')).rejects.toMatchObject({ statusCode: 401 });
      await expect(connectRaw(h.server.url, '')).rejects.toMatchObject({ statusCode: 401 });
    });
  });

  describe('messages', () => {
    it('welcomes an agent, asks for its inventory, stores it and acks it', async () => {
      const a = await h.enroll();
      const c = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      c.ws.send(env('hello', { agentVersion: '0.1.0', protocol: 1, capabilities: [] }));
      const welcome = await c.next((m) => m.type === 'welcome');
      expect(welcome.payload).toMatchObject({
        agentId: a.agentId,
        inventoryWanted: true,
        settings: { metricsIntervalSec: 30, live: false },
      });
      c.ws.send(env('inventory', { hash: sha('b'), inventory: makeInventory({ hostname: 'pc-hub' }) }, 'inv-1'));
      expect((await c.next((m) => m.type === 'ack')).payload).toEqual({ ids: ['inv-1'] });
      const view = await h.api('GET', `/api/v1/agents/${a.agentId}`);
      expect(view.json).toMatchObject({ hostname: 'pc-hub', online: true, summary: { softwareCount: 900 } });
      await c.close();
    });

    it('answers malformed, unknown and invalid messages with typed errors and stays connected', async () => {
      const a = await h.enroll();
      const c = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      c.ws.send('not json at all');
      expect((await c.next((m) => m.type === 'error')).payload.code).toBe(ErrorCodes.BAD_MESSAGE);
      c.ws.send(env('exec', { cmd: 'rm -rf /' }, 'u-1'));
      expect((await c.next((m) => m.type === 'error')).payload).toMatchObject({
        code: ErrorCodes.UNKNOWN_TYPE,
        refId: 'u-1',
      });
      c.ws.send(env('metrics', { sample: { sampledAt: 'not a date' } }, 'i-1'));
      expect((await c.next((m) => m.type === 'error')).payload).toMatchObject({
        code: ErrorCodes.INVALID_PAYLOAD,
        refId: 'i-1',
      });
      c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      expect((await c.next((m) => m.type === 'error')).payload.code).toBe(ErrorCodes.BAD_MESSAGE);
      c.ws.send(env('metrics', { sample: { sampledAt: new Date().toISOString(), cpuLoadPercent: 12 } }, 'ok-1'));
      // A stored sample's ack is held back (30 s by default) and rides on the next ack the agent gets.
      for (let i = 0; i < 100 && (await h.server.metrics.recent(a.agentId, 1)).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      c.ws.send(env('inventory', { hash: sha('c'), inventory: makeInventory({ hostname: 'pc-after-errors' }) }, 'inv-2'));
      expect((await c.next((m) => m.type === 'ack')).payload).toEqual({ ids: ['inv-2', 'ok-1'] });
      await c.close();
    });

    it('acknowledges stored metrics samples together: after the delay, or at once when enough are held', async () => {
      // Samples stored within 20 ms: what is timed here is how long their acks are held.
      const held = await startHarness({ agentHub: { metricsAck: { delayMs: 3000, maxIds: 3 } }, metricsBatchDelayMs: 20 });
      try {
        const a = await held.enroll();
        const c = await connectRaw(held.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
        const base = Date.now() - 60_000;
        const sample = (s: number) => ({ sample: { sampledAt: new Date(base + s * 1000).toISOString(), cpuLoadPercent: s } });
        const sentAt = Date.now();
        c.ws.send(env('metrics', sample(1), 's-1'));
        c.ws.send(env('metrics', sample(2), 's-2'));
        const together = await c.next((m) => m.type === 'ack', 5000);
        expect(together.payload).toEqual({ ids: ['s-1', 's-2'] });
        expect(Date.now() - sentAt).toBeGreaterThanOrEqual(2900);
        c.ws.send(env('metrics', sample(3), 's-3'));
        c.ws.send(env('metrics', sample(4), 's-4'));
        c.ws.send(env('metrics', sample(5), 's-5'));
        const third = Date.now();
        expect((await c.next((m) => m.type === 'ack', 5000)).payload).toEqual({ ids: ['s-3', 's-4', 's-5'] });
        expect(Date.now() - third).toBeLessThan(2500);
        await c.close();

        // A sample whose ack was still held when the connection dropped is sent again, acked, and stored once.
        const again = { sample: { sampledAt: new Date(base + 30_000).toISOString(), cpuLoadPercent: 7 } };
        const first = await connectRaw(held.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
        first.ws.send(env('metrics', again, 'again-1'));
        for (let i = 0; i < 100 && (await held.server.metrics.recent(a.agentId, 10)).length < 6; i++) await new Promise((r) => setTimeout(r, 50));
        await first.close();
        const second = await connectRaw(held.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
        second.ws.send(env('metrics', again, 'again-2'));
        expect((await second.next((m) => m.type === 'ack', 5000)).payload).toEqual({ ids: ['again-2'] });
        const stored = await held.server.metrics.recent(a.agentId, 10);
        expect(stored.filter((x) => x.sampledAt === again.sample.sampledAt)).toEqual([again.sample]);
        expect(stored).toHaveLength(6);
        await second.close();
      } finally {
        await held.close();
      }
    });


    it('closes a connection that sends an oversized frame with 1009', async () => {
      const small = await startHarness({});
      try {
        const a = await small.enroll();
        const c = await connectRaw(small.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
        c.ws.send('x'.repeat(9 * 1024 * 1024));
        expect((await c.closed).code).toBe(1009);
      } finally {
        await small.close();
      }
    });

    it('rate-limits a flood with RATE_LIMITED and keeps the connection', async () => {
      const limited = await startHarness({ agentRate: { perSecond: 1, burst: 3 } });
      try {
        const a = await limited.enroll();
        const c = await connectRaw(limited.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
        for (let i = 0; i < 5; i++) c.ws.send(env('hello', { agentVersion: '0', protocol: 1, capabilities: [] }));
        expect((await c.next((m) => m.type === 'error')).payload.code).toBe(ErrorCodes.RATE_LIMITED);
        expect(c.ws.readyState).toBe(c.ws.OPEN);
        await c.close();
      } finally {
        await limited.close();
      }
    });

    it('replaces an older connection of the same agent', async () => {
      const a = await h.enroll();
      const first = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      const second = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      expect((await first.closed).code).toBe(4001);
      second.ws.send(env('hello', { agentVersion: '0', protocol: 1, capabilities: [] }));
      await second.next((m) => m.type === 'welcome');
      await second.close();
    });
  });

  describe('heartbeat', () => {
    it('pings only peers that sent nothing within the interval', async () => {
      const quick = await startHarness({ heartbeatMs: 200 });
      try {
        const talk = await quick.enroll();
        const silent = await quick.enroll();
        const a = await connectRaw(quick.server.url, `Bearer ${talk.agentId}:${talk.agentSecret}`);
        const b = await connectRaw(quick.server.url, `Bearer ${silent.agentId}:${silent.agentSecret}`);
        let pingsToTalker = 0;
        let pingsToSilent = 0;
        a.ws.on('ping', () => pingsToTalker++);
        b.ws.on('ping', () => pingsToSilent++);
        // The talker sends a frame (answered with an error: that is fine) every 50 ms, four times per interval.
        for (let i = 0; pingsToSilent < 3 && i < 200; i++) {
          a.ws.send('{}');
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(pingsToSilent).toBeGreaterThanOrEqual(3);
        expect(pingsToTalker).toBe(0);
        // The silent one answers its pings (ws does), so it is kept.
        expect(quick.server.hub.isConnected(silent.agentId)).toBe(true);
        await a.close();
        await b.close();
      } finally {
        await quick.close();
      }
    });

    it('terminates a peer that misses two pongs', async () => {
      const quick = await startHarness({ heartbeatMs: 300 });
      try {
        const a = await quick.enroll();
        const c = await connectRaw(quick.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
        // The peer's process hangs: it reads nothing, so it answers no ping.
        (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
        expect(quick.server.hub.isConnected(a.agentId)).toBe(true);
        const started = Date.now();
        while (quick.server.hub.isConnected(a.agentId) && Date.now() - started < 5000)
          await new Promise((r) => setTimeout(r, 50));
        expect(quick.server.hub.isConnected(a.agentId)).toBe(false);
        expect(Date.now() - started).toBeLessThan(2500);
        c.ws.terminate();
      } finally {
        await quick.close();
      }
    });
  });

  describe('inventory bursts', () => {
    it('stops reading sockets while inventories wait to be stored, then stores and acks every one', async () => {
      // Sockets are read again two at a time, so resuming takes several turns of the event loop.
      const small = await startHarness({
        agentHub: { ingestPauseAt: 2, ingestResumeAt: 0, ingestResumeBatch: 2, metricsAck: { delayMs: 100, maxIds: 8 } },
      });
      try {
        const agents = await Promise.all(Array.from({ length: 6 }, () => small.enroll()));
        const conns = await Promise.all(
          agents.map((a) => connectRaw(small.server.url, `Bearer ${a.agentId}:${a.agentSecret}`)),
        );
        // Each agent sends two different inventories back to back: twelve large frames, at most two decoded at a time.
        conns.forEach((c, i) => {
          c.ws.send(
            env('inventory', { hash: sha('1'), inventory: makeInventory({ hostname: `pc-burst-${i}` }) }, `inv-${i}-1`),
          );
          c.ws.send(
            env(
              'inventory',
              { hash: sha('2'), inventory: makeInventory({ hostname: `pc-burst-${i}-b` }) },
              `inv-${i}-2`,
            ),
          );
        });
        for (const [i, c] of conns.entries()) {
          expect(
            (await c.next((m) => m.type === 'ack' && m.payload.ids[0] === `inv-${i}-1`, 20_000)).payload.ids,
          ).toEqual([`inv-${i}-1`]);
          expect(
            (await c.next((m) => m.type === 'ack' && m.payload.ids[0] === `inv-${i}-2`, 20_000)).payload.ids,
          ).toEqual([`inv-${i}-2`]);
        }
        expect(small.server.hub.ingestStats).toMatchObject({ waiting: 0, paused: false });
        expect(small.server.hub.ingestStats.pauses).toBeGreaterThan(0);
        for (const [i, a] of agents.entries()) {
          // Stored in the order sent: the second inventory is the current one, and the history holds both.
          expect((await small.api('GET', `/api/v1/agents/${a.agentId}`)).json).toMatchObject({
            hostname: `pc-burst-${i}-b`,
          });
          expect((await small.api('GET', `/api/v1/agents/${a.agentId}/inventory/history`)).json.items).toHaveLength(2);
        }
        // Reading resumed: an ordinary message is answered.
        conns[0]!.ws.send(
          env('metrics', { sample: { sampledAt: new Date().toISOString(), cpuLoadPercent: 1 } }, 'after-burst'),
        );
        expect((await conns[0]!.next((m) => m.type === 'ack')).payload.ids).toEqual(['after-burst']);
        await Promise.all(conns.map((c) => c.close()));
      } finally {
        await small.close();
      }
    });
  });

  describe('revocation', () => {
    it('drops a revoked agent at once and refuses it from then on', async () => {
      const a = await h.enroll();
      const c = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      expect((await h.api('POST', `/api/v1/agents/${a.agentId}/revoke`)).status).toBe(200);
      expect((await c.closed).code).toBe(4003);
      await expect(connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`)).rejects.toMatchObject({
        statusCode: 401,
      });
    });

    it('drops an agent revoked by another process (the CLI) within the check interval', async () => {
      const a = await h.enroll();
      const c = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      await h.server.database.db
        .updateTable('agents')
        .set({ revoked_at: Date.now() })
        .where('id', '=', a.agentId)
        .execute();
      expect((await c.closed).code).toBe(4003);
    });
  });

  describe('live watch', () => {
    it('switches an agent to live sampling while a stream is open and back when it closes', async () => {
      const a = await h.enroll();
      const c = await connectRaw(h.server.url, `Bearer ${a.agentId}:${a.agentSecret}`);
      const ac = new AbortController();
      const res = await fetch(`${h.server.url}/api/v1/agents/${a.agentId}/live`, {
        headers: { authorization: `Bearer ${h.adminToken}` },
        signal: ac.signal,
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect((await c.next((m) => m.type === 'settings')).payload).toMatchObject({ live: true, liveIntervalSec: 2 });
      c.ws.send(env('metrics', { sample: { sampledAt: new Date().toISOString(), cpuLoadPercent: 42 } }));
      const reader = res.body!.getReader();
      let text = '';
      for (let i = 0; i < 10 && !text.includes('event: metrics'); i++)
        text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('"cpuLoadPercent":42');
      ac.abort();
      expect((await c.next((m) => m.type === 'settings')).payload).toMatchObject({ live: false });
      await c.close();
    });
  });
});

describe('HTTP API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('reports the longest the event loop was held since the previous scrape', async () => {
    const loopDelay = async () =>
      Number(/^pasang_event_loop_delay_max_seconds (\S+)$/m.exec(await (await fetch(`${h.server.url}/metrics`)).text())![1]);
    await loopDelay(); // starts a new period
    const until = performance.now() + 200;
    while (performance.now() < until) {
      // the server shares this process: hold its event loop
    }
    await new Promise((r) => setTimeout(r, 30));
    const held = await loopDelay();
    expect(held).toBeGreaterThanOrEqual(0.17); // as lateness of the lag timer, or (between its slow ticks) as busy time
    expect(await loopDelay()).toBeLessThan(held);
  });

  it('serves health, Prometheus metrics and the OpenAPI document without a token', async () => {
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
    expect(metrics).toContain('# TYPE pasang_agents_connected gauge');
    expect(metrics).toContain('# TYPE pasang_event_loop_delay_max_seconds gauge');
    const doc = (await (await fetch(`${h.server.url}/api/v1/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/agents', '/api/v1/agents/{id}/inventory/history', '/api/v1/enroll']),
    );
    expect(doc.paths['/api/v1/enroll'].post.requestBody.content['application/json'].schema.required).toEqual([
      'token',
      'machineId',
      'hostname',
    ]);
  });

  it('refuses API calls without a valid token (401) and with a role that may not (403)', async () => {
    expect((await h.api('GET', '/api/v1/agents', undefined, 'pst_nope_nope_nope')).status).toBe(401);
    const { token } = await h.server.apiTokens.create('employee');
    expect((await h.api('GET', '/api/v1/agents', undefined, token)).status).toBe(403);
    const tech = await h.server.apiTokens.create('technician');
    expect((await h.api('GET', '/api/v1/agents', undefined, tech.token)).status).toBe(200);
    expect((await h.api('POST', '/api/v1/enroll-tokens', {}, tech.token)).status).toBe(403);
  });

  it.each([
    '/API/v1/agents',
    '/api/v1/Agents',
    '/api/v1%2fagents',
    '/api//v1/agents',
    '/api/v1/agents/../agents',
    '/api/v1/./agents',
  ])('refuses the odd spelling %s', async (p) => {
    // node:http sends the path as written (fetch would normalise the dots away before they reach the server).
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${h.server.url}/`,
        { path: p, headers: { authorization: `Bearer ${h.adminToken}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect([400, 404]).toContain(status);
  });

  it('answers a malformed enrollment with 400 and a reused or unknown token with 401', async () => {
    expect((await h.api('POST', '/api/v1/enroll', { token: 'x' })).status).toBe(400);
    const bad = await fetch(`${h.server.url}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"token":',
    });
    expect(bad.status).toBe(400);
    const created = await h.api('POST', '/api/v1/enroll-tokens', { uses: 1, expiresInSec: 3600 });
    expect(created.status).toBe(201);
    const body = { token: created.json.token, machineId: 'm', hostname: 'pc' };
    expect((await h.api('POST', '/api/v1/enroll', body)).status).toBe(201);
    expect((await h.api('POST', '/api/v1/enroll', body)).json).toMatchObject({
      error: { code: ErrorCodes.ENROLL_TOKEN_INVALID },
    });
    expect((await h.api('POST', '/api/v1/enroll', { ...body, token: 'pse_unknown_token' })).status).toBe(401);
  });

  it('answers an unknown agent with 404 and bad paging with 400', async () => {
    expect((await h.api('GET', '/api/v1/agents/does-not-exist')).status).toBe(404);
    expect((await h.api('GET', '/api/v1/agents?limit=0')).status).toBe(400);
    expect((await h.api('GET', '/api/v1/agents?online=maybe')).status).toBe(400);
  });
});
