'use strict';
/**
 * Agent simulator: one child process (child_process.fork) that plays K agents speaking the real protocol against a
 * Pasang server, or the same byte stream against the bare `ws` baseline. Driven by the parent over IPC, one command at
 * a time ({rid, cmd, ...} → {rid, ok, result|error}); every phase is bounded by a timeout and reports counters.
 *
 *   init      {startIndex, count}             which agents this process plays (global indices)
 *   prepare   {variant}                       build every agent's inventory frame (0 = first, 1 = a small delta)
 *   target    {mode: 'real'|'bare', baseUrl, token}
 *   enroll    {concurrency, timeoutMs}        POST /api/v1/enroll for every agent (bounded concurrency, retries)
 *   connect   {concurrency, timeoutMs, limit} WebSocket + hello (+ welcome on the real server); `limit` connects only
 *                                             that many of the agents not yet connected (the warm-up group)
 *   inventory {timeoutMs, stallMs}            every agent sends its inventory at once; waits for the acks
 *   metricsStart {intervalMs, jitterMs}       every agent sends a sample every interval (± jitter)
 *   metricsStop  {drainMs}                    stops and waits for the outstanding acks
 *   release                                   lets the inventory frames go (their phases are over)
 *   stats                                     counters
 *   disconnect                                closes every socket
 *   exit
 */
const http = require('node:http');
const WebSocket = require('ws');
const { inventoryFrame, metricsFrame, identity } = require('./inventoryGen');
const hist = require('./latency');

const { machineMs: now } = require('./machineClock');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const state = {
  agents: [],
  mode: 'real',
  baseUrl: '',
  wsUrl: '',
  token: '',
  httpAgent: null,
  disconnecting: false,
  metricsTimer: null,
  /** id → send time, for every message awaiting an ack. */
  pending: new Map(),
  counters: newCounters(),
};

function newCounters() {
  return {
    invSent: 0,
    invAcked: 0,
    invErrors: {},
    invLastAckAt: 0,
    invAckLatency: hist.createHistogram(),
    metricsSent: 0,
    metricsAcked: 0,
    metricsErrors: {},
    metricsSkipped: 0,
    metricsAckLatency: hist.createHistogram(),
    otherErrors: {},
    unexpectedCloses: 0,
    closeCodes: {},
    welcomes: 0,
    inventoryWanted: 0,
    settingsIntervalSec: {},
    messagesReceived: 0,
  };
}

const bump = (obj, key, by = 1) => {
  obj[key] = (obj[key] ?? 0) + by;
};

/** Runs `fn` over `items` with at most `concurrency` in flight. */
async function pool(items, concurrency, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------------

function init({ startIndex, count }) {
  state.agents = [];
  for (let k = 0; k < count; k++) {
    const index = startIndex + k;
    const id = identity(index);
    state.agents.push({
      index,
      machineId: id.machineId,
      hostname: id.hostname,
      agentId: null,
      secret: null,
      ws: null,
      open: false,
      frame: null,
      frameId: null,
      metricsSeq: 0,
      nextMetricsAt: 0,
      invDone: false,
    });
  }
  return { agents: count };
}

/**
 * Builds every agent's inventory frame. Yields to the event loop every few frames: agents connected meanwhile must keep
 * answering the server's pings (a process busy for 30 s looks like 5,000 dead PCs and gets them dropped).
 */
async function prepare({ variant }) {
  const t0 = now();
  let bytes = 0;
  for (const a of state.agents) {
    a.frame = null; // let the previous variant go before building the next
  }
  let k = 0;
  for (const a of state.agents) {
    if (++k % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
    a.frameId = `i-${a.index}-${variant}`;
    const f = inventoryFrame(a.index, variant, a.frameId, Date.now());
    a.frame = f.frame;
    bytes += f.frame.length;
  }
  return { ms: Math.round(now() - t0), bytes, meanBytes: Math.round(bytes / Math.max(1, state.agents.length)) };
}

function target({ mode, baseUrl, token }) {
  state.mode = mode;
  state.baseUrl = baseUrl;
  state.wsUrl = `${baseUrl.replace(/^http/, 'ws')}/agent/ws`;
  state.token = token;
  state.counters = newCounters();
  state.pending.clear();
  state.httpAgent?.destroy();
  state.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  for (const a of state.agents) {
    a.agentId = null;
    a.secret = null;
    a.ws = null;
    a.open = false;
    a.invDone = false;
  }
  return { mode };
}

// --- enrollment --------------------------------------------------------------------------------------------------------

function postJson(url, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: state.httpAgent,
        headers: { 'content-type': 'application/json', 'content-length': data.length },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* reported below */
          }
          resolve({ status: res.statusCode, json, text });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(data);
  });
}

async function enroll({ concurrency = 50, timeoutMs = 600_000 }) {
  const t0 = now();
  let ok = 0;
  let failed = 0;
  let retries = 0;
  const errors = {};
  const latency = hist.createHistogram();
  const deadline = t0 + timeoutMs;
  const todo = state.agents.filter((a) => !a.agentId);
  await pool(todo, concurrency, async (a) => {
    for (let attempt = 0; attempt < 4; attempt++) {
      if (now() > deadline) break;
      if (attempt > 0) {
        retries++;
        await sleep(200 * attempt);
      }
      const s = now();
      try {
        const r = await postJson(
          `${state.baseUrl}/api/v1/enroll`,
          { token: state.token, machineId: a.machineId, hostname: a.hostname, agentVersion: 'bench-sim/1' },
          30_000,
        );
        if (r.status === 201 && r.json && r.json.agentId && r.json.agentSecret) {
          a.agentId = r.json.agentId;
          a.secret = r.json.agentSecret;
          ok++;
          hist.record(latency, now() - s);
          return;
        }
        bump(errors, `http ${r.status}`);
        if (r.status >= 400 && r.status < 500) break; // a refusal will not change on retry
      } catch (err) {
        bump(errors, err.code ?? err.message);
      }
    }
    failed++;
  });
  return { ok, failed, retries, errors, startedAt: t0, endedAt: now(), latency: hist.summary(latency) };
}

// --- WebSocket --------------------------------------------------------------------------------------------------------

function onMessage(a, data) {
  const c = state.counters;
  c.messagesReceived++;
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    bump(c.otherErrors, 'bad json from server');
    return;
  }
  switch (msg.type) {
    case 'welcome':
      c.welcomes++;
      if (msg.payload.inventoryWanted) c.inventoryWanted++;
      bump(c.settingsIntervalSec, String(msg.payload.settings?.metricsIntervalSec));
      a.welcomed?.();
      return;
    case 'ack':
      for (const id of msg.payload.ids) settle(id, null);
      return;
    case 'error':
      if (msg.payload.refId && state.pending.has(msg.payload.refId)) settle(msg.payload.refId, msg.payload.code);
      else bump(c.otherErrors, msg.payload.code);
      return;
    default:
      return; // settings, inventory.request: nothing to do for a simulated agent
  }
}

function settle(id, errorCode) {
  const sentAt = state.pending.get(id);
  if (sentAt === undefined) return;
  state.pending.delete(id);
  const c = state.counters;
  const t = now();
  if (id.charCodeAt(0) === 105 /* i */) {
    if (errorCode) bump(c.invErrors, errorCode);
    else {
      c.invAcked++;
      c.invLastAckAt = t;
      hist.record(c.invAckLatency, t - sentAt);
    }
  } else {
    if (errorCode) bump(c.metricsErrors, errorCode);
    else {
      c.metricsAcked++;
      hist.record(c.metricsAckLatency, t - sentAt);
    }
  }
}

function connectOne(a, timeoutMs) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(err);
    };
    const timer = setTimeout(() => {
      finish('timeout');
      ws.terminate();
    }, timeoutMs);
    const ws = new WebSocket(state.wsUrl, {
      headers: { Authorization: `Bearer ${a.agentId}:${a.secret}` },
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
      skipUTF8Validation: true,
    });
    a.ws = ws;
    a.welcomed = () => finish(null);
    ws.on('open', () => {
      a.open = true;
      ws.send(
        JSON.stringify({
          v: 1,
          id: `h-${a.index}-${Date.now()}`,
          type: 'hello',
          ts: Date.now(),
          payload: { agentVersion: 'bench-sim/1', protocol: 1, capabilities: ['inventory.v1', 'metrics.v1'] },
        }),
      );
      if (state.mode === 'bare') finish(null);
    });
    ws.on('message', (data) => onMessage(a, data));
    ws.on('unexpected-response', (_req, res) => {
      finish(`http ${res.statusCode}`);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => {
      if (!done) finish(err.code ?? err.message);
      else bump(state.counters.otherErrors, `socket ${err.code ?? err.message}`);
    });
    ws.on('close', (code) => {
      a.open = false;
      if (!done) finish(`closed ${code}`);
      else if (!state.disconnecting) {
        state.counters.unexpectedCloses++;
        bump(state.counters.closeCodes, String(code));
      }
    });
  });
}

async function connect({ concurrency = 100, timeoutMs = 600_000, limit = Infinity }) {
  state.disconnecting = false;
  const t0 = now();
  let ok = 0;
  let failed = 0;
  const errors = {};
  const latency = hist.createHistogram();
  const deadline = t0 + timeoutMs;
  const todo = state.agents.filter((a) => a.agentId && !a.open).slice(0, limit);
  await pool(todo, concurrency, async (a) => {
    if (now() > deadline) {
      failed++;
      bump(errors, 'phase timeout');
      return;
    }
    const s = now();
    const err = await connectOne(a, 60_000);
    if (err) {
      failed++;
      bump(errors, err);
    } else {
      ok++;
      hist.record(latency, now() - s);
    }
  });
  return { ok, failed, errors, startedAt: t0, endedAt: now(), latency: hist.summary(latency) };
}

// --- inventory ---------------------------------------------------------------------------------------------------------

async function inventory({ timeoutMs = 900_000, stallMs = 120_000 }) {
  const c = state.counters;
  c.invSent = 0;
  c.invAcked = 0;
  c.invErrors = {};
  c.invLastAckAt = 0;
  c.invAckLatency = hist.createHistogram();
  const startedAt = now();
  let sendsFlushed = 0;
  let lastFlushedAt = 0;
  let expected = 0;
  for (const a of state.agents) {
    if (!a.open || !a.frame) continue;
    expected++;
    state.pending.set(a.frameId, now());
    c.invSent++;
    a.ws.send(a.frame, { binary: false }, (err) => {
      if (err) bump(c.invErrors, `send ${err.code ?? err.message}`);
      sendsFlushed++;
      lastFlushedAt = now();
    });
  }
  const sendLoopMs = now() - startedAt;
  const doneCount = () => c.invAcked + Object.values(c.invErrors).reduce((s, n) => s + n, 0);
  // The bare server never answers: done once every frame is handed to the kernel (it reports what it parsed).
  const isDone = () => (state.mode === 'bare' ? sendsFlushed >= expected : doneCount() >= expected);
  let lastProgress = now();
  let lastCount = -1;
  while (!isDone()) {
    const progress = state.mode === 'bare' ? sendsFlushed : doneCount();
    if (progress !== lastCount) {
      lastCount = progress;
      lastProgress = now();
    }
    if (now() - startedAt > timeoutMs || now() - lastProgress > stallMs) break;
    await sleep(100);
  }
  return {
    expected,
    sent: c.invSent,
    acked: c.invAcked,
    errors: c.invErrors,
    flushed: sendsFlushed,
    startedAt,
    sendLoopMs: Math.round(sendLoopMs),
    lastAckAt: c.invLastAckAt,
    lastFlushedAt,
    ackLatencyHist: c.invAckLatency,
    complete: isDone(),
  };
}

// --- metrics -----------------------------------------------------------------------------------------------------------

function metricsStart({ intervalMs = 10_000, jitterMs = 500 }) {
  const t = now();
  const c0 = state.counters;
  c0.metricsSent = 0;
  c0.metricsAcked = 0;
  c0.metricsErrors = {};
  c0.metricsSkipped = 0;
  c0.metricsAckLatency = hist.createHistogram();
  for (const a of state.agents) {
    a.nextMetricsAt = t + Math.random() * intervalMs;
  }
  clearInterval(state.metricsTimer);
  state.metricsTimer = setInterval(() => {
    const n = now();
    const c = state.counters;
    for (const a of state.agents) {
      if (a.nextMetricsAt > n) continue;
      a.nextMetricsAt += intervalMs + (Math.random() * 2 - 1) * jitterMs;
      if (!a.open || a.ws.readyState !== WebSocket.OPEN) {
        c.metricsSkipped++;
        continue;
      }
      const seq = ++a.metricsSeq;
      const id = `m-${a.index}-${seq}`;
      const wall = Date.now();
      if (state.mode === 'real') state.pending.set(id, n);
      a.ws.send(metricsFrame(a.index, seq, id, wall));
      c.metricsSent++;
    }
  }, 50);
  return { started: true };
}

async function metricsStop({ drainMs = 30_000 }) {
  clearInterval(state.metricsTimer);
  state.metricsTimer = null;
  const c = state.counters;
  const t0 = now();
  if (state.mode === 'real') {
    const outstanding = () =>
      c.metricsSent - c.metricsAcked - Object.values(c.metricsErrors).reduce((s, n) => s + n, 0);
    while (outstanding() > 0 && now() - t0 < drainMs) await sleep(100);
  }
  return {
    sent: c.metricsSent,
    acked: c.metricsAcked,
    errors: c.metricsErrors,
    skipped: c.metricsSkipped,
    drainMs: Math.round(now() - t0),
    ackLatencyHist: c.metricsAckLatency,
  };
}

function stats() {
  const c = state.counters;
  let open = 0;
  for (const a of state.agents) if (a.open) open++;
  return {
    agents: state.agents.length,
    open,
    pending: state.pending.size,
    metricsSent: c.metricsSent,
    metricsAcked: c.metricsAcked,
    invAcked: c.invAcked,
    unexpectedCloses: c.unexpectedCloses,
    closeCodes: c.closeCodes,
    otherErrors: c.otherErrors,
    welcomes: c.welcomes,
    inventoryWanted: c.inventoryWanted,
    settingsIntervalSec: c.settingsIntervalSec,
    messagesReceived: c.messagesReceived,
    rssBytes: process.memoryUsage().rss,
  };
}

async function disconnect({ timeoutMs = 30_000 } = {}) {
  state.disconnecting = true;
  clearInterval(state.metricsTimer);
  state.metricsTimer = null;
  const open = state.agents.filter((a) => a.ws && a.ws.readyState !== WebSocket.CLOSED);
  await withTimeout(
    Promise.all(
      open.map(
        (a) =>
          new Promise((resolve) => {
            a.ws.once('close', resolve);
            a.ws.terminate();
          }),
      ),
    ),
    timeoutMs,
    'disconnect',
  ).catch(() => undefined);
  let left = 0;
  for (const a of state.agents) {
    if (a.ws && a.ws.readyState !== WebSocket.CLOSED) left++;
    a.open = false;
  }
  state.httpAgent?.destroy();
  state.pending.clear();
  return { closed: open.length - left, left };
}

function release() {
  for (const a of state.agents) a.frame = null;
  return {};
}

const commands = { init, prepare, release, target, enroll, connect, inventory, metricsStart, metricsStop, stats, disconnect };

process.on('message', (msg) => {
  if (msg.cmd === 'exit') {
    for (const a of state.agents) a.ws?.terminate();
    process.exit(0);
  }
  const fn = commands[msg.cmd];
  Promise.resolve()
    .then(() => {
      if (!fn) throw new Error(`unknown command ${msg.cmd}`);
      return fn(msg.args ?? {});
    })
    .then(
      (result) => process.send({ rid: msg.rid, ok: true, result }),
      (err) => process.send({ rid: msg.rid, ok: false, error: String(err && err.stack ? err.stack : err) }),
    );
});

// The parent going away must not leave thousands of sockets open.
process.on('disconnect', () => process.exit(0));
