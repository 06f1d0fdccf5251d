#!/usr/bin/env node
'use strict';
/**
 * Server-scale benchmark: N simulated agents (spread over several simulator processes, ≤ 5,000 each, so no process
 * nears the 20,000 open-files limit) enroll, connect, send one full inventory (~900 programs) and then metrics every
 * 10 s, first against a bare `ws` server that only parses JSON, then against a real `pasang-server` on SQLite, in the
 * same run; each server has its own simulator processes, and the metrics window runs on both at once (both servers up,
 * each with its agents sending), so that both are measured over the same seconds of this shared machine. Prints each
 * figure next to the bare one, the ratio and the target; writes JSON to test-artifacts/bench/server-scale.json.
 *
 *   npm run build && node test/bench/serverScale.bench.js                 # 1,000, 10,000 and 19,500 agents
 *   node test/bench/serverScale.bench.js --agents 1000,10000             # chosen sizes
 *   node test/bench/serverScale.bench.js --quick                         # 1,000 agents, short metrics window
 *   options: --window SEC (metrics window, 40) --warmup SEC (65: the ack hold + 10) --idle SEC (15; 0: none) --per-proc N (5000) --procs N
 *            --no-inventory (diagnostic: no inventory phase, metrics figures only)
 *            --no-bare / --no-real (one target only) --cpu-prof (server runs with --cpu-prof; profiles under test-artifacts/bench/profiles)
 *            --delta / --no-delta (changed-inventory phases, each PC's first change then another, at every size / none; default: the first size only)
 *            --bare-ack (diagnostic: a second bare metrics window where the bare server also acks every message)
 *            --out FILE --keep-data --enroll-concurrency N (50 per process) --connect-concurrency N (100 per process)
 *
 * Loopback only (127.0.0.1). Every phase has a timeout; every child is killed at the end, also on failure.
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const http = require('node:http');
const { fork, spawn, execFile } = require('node:child_process');
const { parseArgs } = require('node:util');
const proc = require('./simulator/procStats');
const hist = require('./simulator/latency');

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_BIN = path.join(ROOT, 'bin', 'pasang-server.js');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'bench');

const { METRICS_ACK_HOLD_MS } = require('../../dist/shared/protocol/linkTiming');
const { METRICS_BATCH_DELAY_MS } = require('../../dist/server/domain/metricsService');
/** How long the metrics phase waits for the last acks: the server's longest hold, its sweep, and a margin. */
const METRICS_ACK_DRAIN_MS = METRICS_ACK_HOLD_MS + 15_000;
/**
 * Metrics sent before the window opens: the server holds a sample's ack up to METRICS_ACK_HOLD_MS, so a window that
 * opened sooner would see none of the acks' cost (and one-time costs of the first minute, such as V8's first full
 * collections, would fall into it). The bare server gets the same.
 */
const METRICS_WARMUP_SEC = Math.ceil(METRICS_ACK_HOLD_MS / 1000) + 10;
/**
 * How often /metrics is scraped in the metrics window (backlog, event-loop delay): every 5 s, not every second as in
 * the inventory phase — a scrape costs the server about what 7 metrics messages do, and at 1,000 agents (100 messages a
 * second) scraping every second was 7 % of its main thread, a cost the bare server, never scraped, does not pay.
 */
const METRICS_WINDOW_POLL_MS = 5000;

const Targets = {
  memoryRatioMax: 2,
  metricsPerCpuRatioMin: 0.5,
  inventoryPerSecMin: 150,
};

// ---------------------------------------------------------------------------------------------------------------------
// small helpers

const { machineMs: now } = require('./simulator/machineClock');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d;
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

const marks = [];
function mark(name, extra = {}) {
  const m = { name, epochMs: Date.now(), monoUs: Number(process.hrtime.bigint() / 1000n), ...extra };
  marks.push(m);
  return m;
}

function options() {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      quick: { type: 'boolean', default: false },
      window: { type: 'string' },
      warmup: { type: 'string' },
      idle: { type: 'string' },
      'per-proc': { type: 'string', default: '5000' },
      procs: { type: 'string' },
      'no-bare': { type: 'boolean', default: false },
      'no-real': { type: 'boolean', default: false },
      'no-delta': { type: 'boolean', default: false },
      'no-inventory': { type: 'boolean', default: false },
      delta: { type: 'boolean', default: false },
      'bare-ack': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      out: { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      'enroll-concurrency': { type: 'string', default: '50' },
      'connect-concurrency': { type: 'string', default: '100' },
    },
    strict: true,
  });
  const list = (values.agents ?? (values.quick ? '1000' : '1000,10000,19500')).split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 19_500))
    throw new Error('--agents takes whole numbers from 1 to 19500');
  return {
    agents: list,
    windowSec: Number(values.window ?? (values.quick ? 20 : 40)),
    warmupSec: Number(values.warmup ?? (values.quick ? 5 : METRICS_WARMUP_SEC)),
    idleSec: Number(values.idle ?? (values.quick ? 5 : 15)),
    perProc: Number(values['per-proc']),
    procs: values.procs ? Number(values.procs) : null,
    bare: !values['no-bare'],
    real: !values['no-real'],
    // The changed-inventory phase runs at the first size only unless --delta (all sizes) or --no-delta (none).
    delta: values['no-delta'] || values['no-inventory'] ? 'none' : values.delta ? 'all' : 'first',
    // Diagnostic: skip the inventory phase (metrics figures only, a few minutes at 10,000 agents).
    inventory: !values['no-inventory'],
    bareAck: values['bare-ack'],
    cpuProf: values['cpu-prof'],
    out: values.out ?? path.join(ARTIFACTS, 'server-scale.json'),
    keepData: values['keep-data'],
    enrollConcurrency: Number(values['enroll-concurrency']),
    connectConcurrency: Number(values['connect-concurrency']),
  };
}

// --- children: everything started here is stopped here ---------------------------------------------------------------

const children = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
function killAll() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** RPC over the IPC channel of a forked child. */
function rpcChannel(child, label) {
  let rid = 0;
  const pending = new Map();
  child.on('message', (msg) => {
    const p = pending.get(msg.rid);
    if (!p) return;
    pending.delete(msg.rid);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`${label}: ${msg.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`${label} exited (${code ?? signal}) during ${p.cmd}`));
    }
    pending.clear();
  });
  return (cmd, args = {}, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const id = ++rid;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${label}: ${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer, cmd });
      child.send({ rid: id, cmd, args });
    });
}

async function stopChild(child, signal = 'SIGTERM', waitMs = 60_000) {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
  child.kill(signal);
  const r = await Promise.race([exited, sleep(waitMs).then(() => null)]);
  if (r) return r;
  child.kill('SIGKILL');
  return { ...(await exited), killed: true };
}

// --- simulators --------------------------------------------------------------------------------------------------------

async function startSimulators(n, o) {
  const procs = o.procs ?? Math.max(2, Math.ceil(n / o.perProc));
  const per = Math.ceil(n / procs);
  const sims = [];
  for (let p = 0; p < procs; p++) {
    const start = p * per;
    const count = Math.min(per, n - start);
    if (count <= 0) break;
    const child = track(
      fork(path.join(__dirname, 'simulator', 'agentSim.js'), [], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: ['--max-old-space-size=4096'],
      }),
    );
    const rpc = rpcChannel(child, `sim${p}`);
    await rpc('init', { startIndex: start, count });
    sims.push({ child, rpc, count, pid: child.pid });
  }
  return sims;
}

const allSims = (sims, cmd, args, timeoutMs) => Promise.all(sims.map((s) => s.rpc(cmd, args, timeoutMs)));
const sum = (xs, f) => xs.reduce((s, x) => s + (f(x) ?? 0), 0);
const mergeCounts = (objs) => {
  const out = {};
  for (const o of objs) for (const [k, v] of Object.entries(o ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
};
const mergeHists = (hs) => hs.reduce((acc, h) => hist.merge(acc, h), hist.createHistogram());

// --- HTTP helpers -----------------------------------------------------------------------------------------------------

function httpGet(url, headers = {}, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const req = http.get(url, { headers, timeout: timeoutMs, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString(), ms: now() - t0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

function parseProm(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (m) out[m[1] + (m[2] ?? '')] = Number(m[3]);
  }
  return out;
}

function runCli(args, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SERVER_BIN, ...args], { timeout: timeoutMs, cwd: ROOT }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pasang-server ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

/** Polls `fn` every `everyMs` until stopped; keeps the max of what it returns. */
function sampler(fn, everyMs = 1000) {
  const samples = [];
  const failures = [];
  let stopped = false;
  const t0 = now();
  const loop = (async () => {
    while (!stopped) {
      const t = now();
      try {
        samples.push(await fn());
      } catch (err) {
        // a busy server misses polls
        failures.push({ atSec: round((t - t0) / 1000), ms: Math.round(now() - t), err: String(err.message ?? err) });
      }
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    failures,
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

// --- phases shared by both targets -------------------------------------------------------------------------------------

/**
 * CPU bookkeeping of one phase: the target process's CPU, and how busy the rest of the machine was (besides the
 * simulators, this process and `alsoOurs`: the other server of a side-by-side window).
 */
function cpuPhase(targetPid, sims, alsoOurs = []) {
  const pids = [targetPid, process.pid, ...sims.map((s) => s.pid), ...alsoOurs];
  const a = proc.cpuSnapshot(pids);
  const t = proc.cpuSeconds(targetPid);
  return () => {
    const b = proc.cpuSnapshot(pids);
    const t2 = proc.cpuSeconds(targetPid);
    const d = proc.cpuDiff(a, b);
    let sim = 0;
    for (const s of sims) sim += (b.per[s.pid] ?? 0) - (a.per[s.pid] ?? 0);
    return {
      cpuSec: t2.total - t.total,
      cpuUserSec: t2.user - t.user,
      cpuSystemSec: t2.system - t.system,
      simulatorsCpuSec: round(sim, 2),
      otherLoadCores: round(d.otherCores, 2),
    };
  };
}

async function enrollAll(sims, n, o, label, pid) {
  mark(`${label}:enroll:start`);
  const cpu = cpuPhase(pid, sims);
  const enroll = await allSims(sims, 'enroll', { concurrency: o.enrollConcurrency, timeoutMs: 600_000 }, 660_000);
  const c = cpu();
  mark(`${label}:enroll:end`);
  const enrolled = sum(enroll, (r) => r.ok);
  const enrollStart = Math.min(...enroll.map((r) => r.startedAt));
  const enrollEnd = Math.max(...enroll.map((r) => r.endedAt));
  log(
    `${label}: enrolled ${enrolled}/${n} in ${round((enrollEnd - enrollStart) / 1000, 2)} s (other load ${c.otherLoadCores} cores)`,
    mergeCounts(enroll.map((r) => r.errors)),
  );
  return { enroll, enrolled, enrollStart, enrollEnd, cpu: c };
}

async function connectAll(sims, n, o, label, pid) {
  mark(`${label}:connect:start`);
  const cpu = cpuPhase(pid, sims);
  const connect = await allSims(sims, 'connect', { concurrency: o.connectConcurrency, timeoutMs: 600_000 }, 660_000);
  const c = cpu();
  mark(`${label}:connect:end`);
  const connected = sum(connect, (r) => r.ok);
  const start = Math.min(...connect.map((r) => r.startedAt));
  const end = Math.max(...connect.map((r) => r.endedAt));
  log(
    `${label}: connected ${connected}/${n} in ${round((end - start) / 1000, 2)} s (other load ${c.otherLoadCores} cores)`,
    mergeCounts(connect.map((r) => r.errors)),
  );
  return { connect, connected, connectStart: start, connectEnd: end, cpu: c };
}

/**
 * Connects a warm-up group first (1% of the agents, at least 250, at most a quarter) so the one-time costs of the first
 * connections (code compiled, schemas compiled on first use, heap grown) are in the baseline, not in the per-agent
 * figure; the memory per agent is then (RSS after all − RSS after the warm-up) / agents connected after it.
 */
async function warmUp(sims, n, label, pid) {
  const per = Math.ceil(Math.min(n / 4, Math.max(250, n / 100)) / sims.length);
  const r = await allSims(sims, 'connect', { concurrency: 20, timeoutMs: 120_000, limit: per }, 180_000);
  const warm = sum(r, (x) => x.ok);
  await sleep(2000);
  const rss = proc.memory(pid).rss;
  log(`${label}: ${warm} agents connected to warm up; RSS ${(rss / 2 ** 20).toFixed(0)} MiB`);
  return { warm, rss };
}

function rateFigures(n, ec, cc) {
  const enrollSec = (ec.enrollEnd - ec.enrollStart) / 1000;
  const connectSec = (cc.connectEnd - cc.connectStart) / 1000;
  return {
    enrolled: ec.enrolled,
    connected: cc.connected,
    enrollSec: round(enrollSec, 2),
    connectSec: round(connectSec, 2),
    enrollPerSec: round(ec.enrolled / enrollSec, 0),
    wsConnectsPerSec: round(cc.connected / connectSec, 0),
    agentsPerSecIncludingEnroll: round(cc.connected / (enrollSec + connectSec), 0),
    enrollCpuMsEach: round((ec.cpu.cpuSec * 1000) / Math.max(1, ec.enrolled), 3),
    connectCpuMsEach: round((cc.cpu.cpuSec * 1000) / Math.max(1, cc.connected), 3),
    enrollOtherLoadCores: ec.cpu.otherLoadCores,
    connectOtherLoadCores: cc.cpu.otherLoadCores,
    enrollErrors: mergeCounts(ec.enroll.map((r) => r.errors)),
    connectErrors: mergeCounts(cc.connect.map((r) => r.errors)),
  };
}

/**
 * Server CPU while every agent is connected and sends nothing: the fixed cost of holding them (heartbeats, timers,
 * housekeeping), which every metrics message pays a share of at a low message rate.
 */
async function idlePhase(sims, pid, o, label) {
  if (!(o.idleSec > 0)) return null;
  await sleep(2000);
  mark(`${label}:idle:start`);
  const cpu = cpuPhase(pid, sims);
  const t0 = now();
  await sleep(o.idleSec * 1000);
  const c = cpu();
  const sec = (now() - t0) / 1000;
  mark(`${label}:idle:end`);
  const r = { windowSec: round(sec, 2), cpuSec: round(c.cpuSec, 2), cpuPercent: round((c.cpuSec / sec) * 100, 2), otherLoadCores: c.otherLoadCores };
  log(`${label}: idle ${r.windowSec} s with every agent connected: ${r.cpuSec} CPU-s (${r.cpuPercent}% of a core)`);
  return r;
}

/** Metrics window on the bare server alone (the --bare-ack diagnostic): parsed messages per CPU-second. */
async function bareMetricsWindow(sims, rpc, pid, o, label) {
  const m0 = await rpc('stats');
  const cpu = cpuPhase(pid, sims);
  const t0 = now();
  mark(`${label}:start`);
  await sleep(o.windowSec * 1000);
  const m1 = await rpc('stats');
  const c = cpu();
  const t1 = now();
  mark(`${label}:end`);
  return bareMetricsFigures(m0, m1, c, t1 - t0);
}

/** The bare server's metrics figures from its counters at the window's start and end and its CPU over it. */
function bareMetricsFigures(m0, m1, c, ms) {
  const parsed = (m1.byType.metrics ?? 0) - (m0.byType.metrics ?? 0);
  return {
    windowSec: round(ms / 1000, 2),
    parsed,
    perSec: round(parsed / (ms / 1000), 0),
    cpuSec: round(c.cpuSec, 2),
    cpuUserSec: round(c.cpuUserSec, 2),
    cpuSystemSec: round(c.cpuSystemSec, 2),
    perCpuSec: round(parsed / c.cpuSec, 0),
    cpuUsPerMessage: round((c.cpuSec * 1e6) / parsed, 0),
    cpuPercent: round((c.cpuSec / (ms / 1000)) * 100, 1),
    otherLoadCores: c.otherLoadCores,
    acked: m1.acked - m0.acked,
  };
}

async function bareInventory(sims, rpc, pid, result) {
  await rpc('resetInventory');
  const cpu = cpuPhase(pid, sims);
  mark('bare:inventory:start');
  const inv = await allSims(sims, 'inventory', { timeoutMs: 600_000, stallMs: 60_000 }, 660_000);
  const expected = sum(inv, (r) => r.expected);
  const startedAt = Math.min(...inv.map((r) => r.startedAt));
  let s = await rpc('stats', {}, 300_000);
  for (let i = 0; i < 1200 && (s.byType.inventory ?? 0) < expected; i++) {
    await sleep(250);
    s = await rpc('stats', {}, 300_000);
  }
  const c = cpu();
  mark('bare:inventory:end');
  const parsed = s.byType.inventory ?? 0;
  const seconds = (s.lastInventoryAt - startedAt) / 1000;
  result.inventory = {
    expected,
    parsed,
    seconds: round(seconds, 2),
    perSec: round(parsed / seconds, 0),
    cpuSec: round(c.cpuSec, 2),
    cpuMsPerInventory: round((c.cpuSec * 1000) / parsed, 2),
    otherLoadCores: c.otherLoadCores,
    simulatorsCpuSec: c.simulatorsCpuSec,
    rssAfter: proc.memory(pid).rss,
    hwm: proc.memory(pid).hwm,
  };
  log(
    `bare: parsed ${parsed}/${expected} inventories in ${round(seconds, 2)} s → ${result.inventory.perSec}/s, ${result.inventory.cpuMsPerInventory} CPU-ms each (other load ${c.otherLoadCores} cores)`,
  );
}

// --- bare baseline -----------------------------------------------------------------------------------------------------

/**
 * The bare server from its start to its inventory phase: it stays up, its agents connected, for the metrics window
 * (metricsWindows) and finishBare.
 */
async function startBare(n, sims, o) {
  log(`bare ws: ${n} agents`);
  const child = track(
    fork(path.join(__dirname, 'simulator', 'bareWsServer.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const rpc = rpcChannel(child, 'bare');
  const pid = child.pid;
  const result = { pid };
  const side = { label: 'bare', child, rpc, pid, sims, result };
  try {
    const { port } = await rpc('listen', { host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${port}`;
    await sleep(1000);
    result.rssStart = proc.memory(pid).rss;
    await allSims(sims, 'target', { mode: 'bare', baseUrl, token: 'bare-token-unused' });
    const ec = await enrollAll(sims, n, o, 'bare', pid);
    await sleep(1000);
    result.rssAfterEnroll = proc.memory(pid).rss;
    const w = await warmUp(sims, n, 'bare', pid);
    result.warmUpAgents = w.warm;
    result.rssAfterWarmUp = w.rss;
    const cc = await connectAll(sims, n, o, 'bare', pid);
    await sleep(3000);
    result.rssConnected = proc.memory(pid).rss;
    result.fds = proc.openFds(pid);
    result.connect = rateFigures(n, ec, cc);
    result.connect.connected += w.warm;
    result.rssPerAgent = (result.rssConnected - w.rss) / cc.connected;
    result.openAfterConnect = (await rpc('stats')).open;
    result.idle = await idlePhase(sims, pid, o, 'bare');

    // Inventory: every agent sends at once; the bare server stamps the time of each parse.
    if (o.inventory) {
      await bareInventory(sims, rpc, pid, result);
      await allSims(sims, 'release');
    }
    return side;
  } catch (err) {
    await stopChild(child, 'SIGKILL', 10_000);
    throw err;
  }
}

/** After the metrics window: the bare server's last figures; its agents disconnect and it stops. */
async function finishBare(side) {
  const { child, rpc, pid, sims, result } = side;
  try {
    if (result.metrics) result.metrics.parsedTotal = (await rpc('stats')).byType.metrics ?? 0;
    result.rssEnd = proc.memory(pid).rss;
    result.hwm = proc.memory(pid).hwm;
    const st2 = await allSims(sims, 'stats');
    result.unexpectedCloses = sum(st2, (r) => r.unexpectedCloses);
    await allSims(sims, 'disconnect', {}, 60_000);
  } finally {
    await stopChild(child, 'SIGKILL', 10_000);
  }
  return result;
}

/**
 * The metrics window: on both servers at once when both run, each with its own simulated agents sending every 10 s,
 * the CPU of both read over the same seconds. Measured one after the other, the bare server's CPU for the same work
 * went from 87 to 152 µs per message within half an hour on this shared machine, and the ratio with it; side by side,
 * both servers see the same machine. Each side: {label, pid, sims, result} (+ rpc for bare, server for real).
 */
async function metricsWindows(bare, real, o) {
  const sides = [bare, real].filter(Boolean);
  await Promise.all(sides.map((s) => allSims(s.sims, 'metricsStart', { intervalMs: 10_000, jitterMs: 500 })));
  await sleep(o.warmupSec * 1000);
  const everySim = sides.flatMap((s) => s.sims);
  const serverPids = sides.map((s) => s.pid);
  const m0 = bare ? await bare.rpc('stats') : null;
  const p0 = real ? await serverMetrics(real.server.url) : null;
  const cpus = sides.map((s) => cpuPhase(s.pid, everySim, serverPids));
  const io0 = real ? proc.io(real.pid) : null;
  const t0 = now();
  for (const s of sides) mark(`${s.label}:metrics:window:start`);
  const poll = real
    ? sampler(async () => {
        const m = await serverMetrics(real.server.url, 10_000);
        return { backlog: m.pasang_metrics_backlog, metricsMs: m._ms, rss: proc.memory(real.pid).rss };
      }, METRICS_WINDOW_POLL_MS)
    : null;
  await sleep(o.windowSec * 1000);
  const m1 = bare ? await bare.rpc('stats') : null;
  const p1 = real ? await serverMetrics(real.server.url) : null;
  const [cb, cr] = bare ? [cpus[0](), real ? cpus[1]() : null] : [null, cpus[0]()];
  const io1 = real ? proc.io(real.pid) : null;
  const t1 = now();
  for (const s of sides) mark(`${s.label}:metrics:window:end`);
  await poll?.stop();
  const together = sides.length > 1 ? ' (side by side with the real server)' : '';
  if (bare) {
    const m = (bare.result.metrics = bareMetricsFigures(m0, m1, cb, t1 - t0));
    m.sideBySide = sides.length > 1;
    log(
      `bare: ${m.parsed} metrics parsed in ${m.windowSec} s using ${m.cpuSec} CPU-s → ${m.perCpuSec} per CPU-s${together} (other load ${m.otherLoadCores} cores)`,
    );
    if (o.bareAck) {
      await bare.rpc('setAck', { ack: true });
      await sleep(2000);
      const a = (bare.result.metricsWithAck = await bareMetricsWindow(bare.sims, bare.rpc, bare.pid, o, 'bare:metrics-ack:window'));
      log(`bare+ack: ${a.parsed} metrics parsed and acked using ${a.cpuSec} CPU-s → ${a.perCpuSec} per CPU-s`);
      await bare.rpc('setAck', { ack: false });
    }
  }
  // The server holds a metrics ack up to METRICS_ACK_HOLD_MS (55 s), swept every 5.5 s: a sample held from the
  // window's last seconds is acked that long after. A 45 s drain counted those as unacked in windows over ~60 s.
  const [bareStop, stop] = await Promise.all([
    bare ? allSims(bare.sims, 'metricsStop', { drainMs: 5000 }, 60_000) : null,
    real ? allSims(real.sims, 'metricsStop', { drainMs: METRICS_ACK_DRAIN_MS }, METRICS_ACK_DRAIN_MS + 60_000) : null,
  ]);
  if (bare) bare.result.metrics.sentTotal = sum(bareStop, (r) => r.sent);
  if (!real) return;
  const pEnd = await serverMetrics(real.server.url);
  const stored = p1.pasang_metrics_samples_stored_total - p0.pasang_metrics_samples_stored_total;
  const backlogs = poll.samples.map((s) => s.backlog).filter((b) => Number.isFinite(b));
  const lat = hist.summary(mergeHists(stop.map((r) => r.ackLatencyHist)));
  const m = (real.result.metrics = {
    windowSec: round((t1 - t0) / 1000, 2),
    sideBySide: sides.length > 1,
    stored,
    perSec: round(stored / ((t1 - t0) / 1000), 0),
    cpuSec: round(cr.cpuSec, 2),
    cpuUserSec: round(cr.cpuUserSec, 2),
    cpuSystemSec: round(cr.cpuSystemSec, 2),
    perCpuSec: round(stored / cr.cpuSec, 0),
    cpuUsPerMessage: round((cr.cpuSec * 1e6) / stored, 0),
    cpuPercent: round((cr.cpuSec / ((t1 - t0) / 1000)) * 100, 1),
    otherLoadCores: cr.otherLoadCores,
    wcharPerSample: round((io1.wchar - io0.wchar) / Math.max(1, stored), 0),
    storageBytesPerSample: round((io1.writeBytes - io0.writeBytes) / Math.max(1, stored), 0),
    backlogMax: backlogs.length ? Math.max(...backlogs) : null,
    backlogMean: backlogs.length ? round(backlogs.reduce((a, b) => a + b, 0) / backlogs.length, 1) : null,
    backlogAfterDrain: pEnd.pasang_metrics_backlog,
    responsiveness: responsiveness(poll),
    sent: sum(stop, (r) => r.sent),
    acked: sum(stop, (r) => r.acked),
    errors: mergeCounts(stop.map((r) => r.errors)),
    skipped: sum(stop, (r) => r.skipped),
    storedTotalAfterDrain: pEnd.pasang_metrics_samples_stored_total,
    ackLatency: lat,
  });
  log(
    `real: ${stored} metrics stored in ${m.windowSec} s using ${m.cpuSec} CPU-s → ${m.perCpuSec} per CPU-s${sides.length > 1 ? ' (side by side with the bare server)' : ''}; ` +
      `backlog max ${m.backlogMax}; acked ${m.acked}/${m.sent}; ack p99 ${lat.p99Ms} ms (other load ${m.otherLoadCores} cores)`,
  );
}

// --- real server -------------------------------------------------------------------------------------------------------

async function startRealServer(n, o) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `pasang-bench-${n}-`));
  const token = await runCli([
    'enroll-token',
    'create',
    '--uses',
    'unlimited',
    '--expires',
    '1d',
    '--data-dir',
    dataDir,
  ]);
  const apiToken = await runCli(['api-token', 'create', '--role', 'admin', '--data-dir', dataDir]);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, `server-${n}.log`);
  const logFd = fs.openSync(logFile, 'w');
  // Diagnostic: extra node flags for the server (e.g. PASANG_BENCH_SERVER_NODE_ARGS=--trace-gc; its output goes to the log).
  const nodeArgs = (process.env.PASANG_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  if (o.cpuProf) {
    const profDir = path.join(ARTIFACTS, 'profiles');
    fs.mkdirSync(profDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `server-${n}-${Date.now()}.cpuprofile`);
  }
  const child = track(
    spawn(
      process.execPath,
      [
        ...nodeArgs,
        SERVER_BIN,
        'serve',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--data-dir',
        dataDir,
        '--metrics-interval',
        '10',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', logFd] },
    ),
  );
  fs.closeSync(logFd);
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('pasang-server did not start within 30 s')), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pasang-server exited (${code}) at start; see ${logFile}`));
    });
  });
  child.stdout.on('data', (d) => nodeArgs.length > 0 && fs.appendFileSync(logFile, d));
  return { child, url, dataDir, token, apiToken, logFile };
}

async function serverMetrics(url, timeoutMs = 15_000) {
  const r = await httpGet(`${url}/metrics`, {}, timeoutMs);
  return { ...parseProm(r.text), _ms: r.ms };
}

async function apiTotal(url, apiToken, query) {
  const r = await httpGet(`${url}/api/v1/agents?${query}`, { authorization: `Bearer ${apiToken}` }, 60_000);
  if (r.status !== 200) return { status: r.status, total: null };
  return { status: 200, total: JSON.parse(r.text).total, ms: round(r.ms, 0) };
}

/** Polls /metrics once a second: how long a scrape waits tells how long the event loop is blocked. */
function responsiveness(poll) {
  const ms = poll.samples.map((s) => s.metricsMs);
  return {
    scrapes: poll.samples.length,
    scrapesTimedOut: poll.failures.length,
    scrapeMaxMs: round(Math.max(0, ...ms, ...poll.failures.map((f) => f.ms)), 0),
    scrapeP50Ms: ms.length ? round(ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)], 0) : null,
    // The server's own figure (pasang_event_loop_delay_max_seconds, the longest wait since the scrape before):
    // a scrape slower than this waited elsewhere (its connection accepted late, or the CPU taken by other threads).
    eventLoopDelayMaxMs: round(Math.max(0, ...poll.samples.map((s) => (s.loopDelayMaxS ?? 0) * 1000)), 0),
    slowest: [
      ...poll.failures.map((f) => ({ atSec: f.atSec, ms: f.ms, timedOut: true })),
      ...poll.samples
        .filter((s) => s.t !== undefined)
        .map((s) => ({ atSec: round((s.t - s.metricsMs) / 1000), ms: round(s.metricsMs, 0), loopDelayMs: round((s.loopDelayMaxS ?? 0) * 1000, 0) })),
    ]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8),
  };
}

async function inventoryPhase(sims, server, label, variant) {
  const pid = server.child.pid;
  const cpu = cpuPhase(pid, sims);
  const io0 = proc.io(pid);
  const t0 = now();
  mark(`real:${label}:start`);
  const poll = sampler(async () => {
    const m = await serverMetrics(server.url, 10_000);
    return { t: now() - t0, rss: proc.memory(pid).rss, metricsMs: m._ms, loopDelayMaxS: m.pasang_event_loop_delay_max_seconds };
  }, 1000);
  const inv = await allSims(sims, 'inventory', { timeoutMs: 900_000, stallMs: 120_000 }, 960_000);
  const c = cpu();
  mark(`real:${label}:end`);
  await poll.stop();
  const io1 = proc.io(pid);
  const acked = sum(inv, (r) => r.acked);
  const expected = sum(inv, (r) => r.expected);
  const startedAt = Math.min(...inv.map((r) => r.startedAt));
  const lastAck = Math.max(...inv.map((r) => r.lastAckAt));
  const seconds = (lastAck - startedAt) / 1000;
  const lat = hist.summary(mergeHists(inv.map((r) => r.ackLatencyHist)));
  const mem = proc.memory(pid);
  const cpuMs = (c.cpuSec * 1000) / Math.max(1, acked);
  const out = {
    variant,
    expected,
    acked,
    errors: mergeCounts(inv.map((r) => r.errors)),
    complete: inv.every((r) => r.complete),
    seconds: round(seconds, 2),
    perSec: round(acked / seconds, 1),
    cpuSec: round(c.cpuSec, 2),
    cpuUserSec: round(c.cpuUserSec, 2),
    cpuSystemSec: round(c.cpuSystemSec, 2),
    cpuMsPerInventory: round(cpuMs, 2),
    /** What one free core would sustain at this CPU cost. */
    perSecOnOneFreeCore: round(1000 / cpuMs, 0),
    otherLoadCores: c.otherLoadCores,
    simulatorsCpuSec: c.simulatorsCpuSec,
    wcharPerInventory: round((io1.wchar - io0.wchar) / Math.max(1, acked), 0),
    storageBytesPerInventory: round((io1.writeBytes - io0.writeBytes) / Math.max(1, acked), 0),
    ackLatency: lat,
    rssMax: Math.max(mem.rss, ...poll.samples.map((s) => s.rss)),
    rssAfter: mem.rss,
    hwm: mem.hwm,
    responsiveness: responsiveness(poll),
    durationSec: round((now() - t0) / 1000, 1),
  };
  log(
    `real: ${label}: ${acked}/${expected} acked in ${out.seconds} s → ${out.perSec}/s; ${out.cpuMsPerInventory} CPU-ms each; ` +
      `${out.wcharPerInventory} B written each; ack p50 ${lat.p50Ms} ms, p99 ${lat.p99Ms} ms; RSS max ${(out.rssMax / 2 ** 20).toFixed(0)} MiB; ` +
      `/metrics max ${out.responsiveness.scrapeMaxMs} ms (${out.responsiveness.scrapesTimedOut} timed out), event loop held ${out.responsiveness.eventLoopDelayMaxMs} ms at most; other load ${c.otherLoadCores} cores`,
    out.errors,
  );
  return out;
}

/** The real server from its start through its inventory phases: it stays up for the metrics window and finishReal. */
async function startReal(n, sims, o, withDelta) {
  log(`pasang-server: ${n} agents`);
  const server = await startRealServer(n, o);
  const pid = server.child.pid;
  const result = { pid, url: server.url, dataDir: server.dataDir, logFile: server.logFile, code: codeVersion() };
  const side = { label: 'real', server, pid, sims, result };
  try {
    result.openFilesLimit = proc.openFilesLimit(pid);
    await sleep(2000);
    result.rssStart = proc.memory(pid).rss;
    await allSims(sims, 'target', { mode: 'real', baseUrl: server.url, token: server.token });
    const ec = await enrollAll(sims, n, o, 'real', pid);
    await sleep(2000);
    result.rssAfterEnroll = proc.memory(pid).rss;
    const w = await warmUp(sims, n, 'real', pid);
    result.warmUpAgents = w.warm;
    result.rssAfterWarmUp = w.rss;
    const cc = await connectAll(sims, n, o, 'real', pid);
    await sleep(3000);
    result.rssConnected = proc.memory(pid).rss;
    result.fds = proc.openFds(pid);
    result.connect = rateFigures(n, ec, cc);
    result.connect.connected += w.warm;
    result.rssPerAgent = (result.rssConnected - w.rss) / cc.connected;
    result.apiAgentsTotal = await apiTotal(server.url, server.apiToken, 'limit=1');
    result.apiAgentsOnline = await apiTotal(server.url, server.apiToken, 'limit=1&online=true');
    const st = await allSims(sims, 'stats');
    result.welcomes = sum(st, (r) => r.welcomes);
    result.inventoryWanted = sum(st, (r) => r.inventoryWanted);
    result.settingsIntervalSec = mergeCounts(st.map((r) => r.settingsIntervalSec));
    log(
      `real: API says ${result.apiAgentsTotal.total} agents, ${result.apiAgentsOnline.total} online; RSS/agent ${(result.rssPerAgent / 1024).toFixed(1)} KiB; ${result.fds} fds open`,
    );

    result.idle = await idlePhase(sims, pid, o, 'real');
    if (o.inventory) result.inventory = await inventoryPhase(sims, server, 'inventory', 0);
    if (withDelta) {
      const prep = await allSims(sims, 'prepare', { variant: 1 }, 600_000);
      log(`sims: changed inventories prepared in ${Math.max(...prep.map((p) => p.ms))} ms`);
      result.deltaStartedAt = Date.now();
      result.deltaInventory = await inventoryPhase(sims, server, 'delta-inventory', 1);
      // A PC's later changes: the server keeps the software list's identity keys from its first change on
      // (prepareInventory.ts), so those are diffed without parsing either list.
      await allSims(sims, 'prepare', { variant: 2 }, 600_000);
      result.deltaAgainInventory = await inventoryPhase(sims, server, 'delta-again-inventory', 2);
    }

    if (o.inventory) await allSims(sims, 'release');
    return side;
  } catch (err) {
    await finishReal(side, o, { failed: true });
    throw err;
  }
}

/** After the metrics window: the real server's last figures; its agents disconnect, it stops, its rows are counted. */
async function finishReal(side, o, { failed = false } = {}) {
  const { server, pid, sims, result } = side;
  try {
    if (!failed) {
      const pEnd = await serverMetrics(server.url);
      const st2 = await allSims(sims, 'stats');
      result.unexpectedCloses = sum(st2, (r) => r.unexpectedCloses);
      result.closeCodes = mergeCounts(st2.map((r) => r.closeCodes));
      result.otherErrors = mergeCounts(st2.map((r) => r.otherErrors));
      result.connectedAtEnd = pEnd.pasang_agents_connected;
      result.serverErrorCounters = Object.fromEntries(
        Object.entries(pEnd).filter(([k]) => k.startsWith('pasang_agent_errors_total')),
      );
      result.rssEnd = proc.memory(pid).rss;
      result.hwm = proc.memory(pid).hwm;
      result.cpuTotalSec = round(proc.cpuSeconds(pid).total, 2);
      await allSims(sims, 'disconnect', {}, 60_000);
    }
  } finally {
    mark('real:stop');
    result.exit = await stopChild(server.child, 'SIGTERM', 120_000);
  }
  if (!failed) {
    result.db = countRows(server.dataDir, result.deltaStartedAt);
    result.logLevels = logLevels(server.logFile);
  }
  if (!o.keepData) fs.rmSync(server.dataDir, { recursive: true, force: true });
  return result;
}

function countRows(dataDir, deltaStartedAt) {
  const Database = require('better-sqlite3');
  const file = path.join(dataDir, 'pasang.db');
  let db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    db = new Database(file, { fileMustExist: true });
  }
  try {
    const one = (q, ...p) => db.prepare(q).get(...p);
    const out = {
      agents: one('select count(*) n from agents').n,
      agentsWithInventory: one('select count(*) n from agents where inventory_hash is not null').n,
      inventoryHistory: one('select count(*) n from inventory_history').n,
      inventoryHistoryInitial: one("select count(*) n from inventory_history where changes = 'null'").n,
      inventoryHistoryChanges: one("select count(*) n from inventory_history where changes <> 'null'").n,
      inventorySections: one('select count(*) n from inventory_sections').n,
      softwareSectionMeanBytes: Math.round(
        // Bytes as stored: deflated (sectionData.ts) when large.
        one("select avg(coalesce(length(data_deflated), length(data))) n from inventory_sections where section = 'software'").n ?? 0,
      ),
      metricsSamples: one('select count(*) n from metrics_samples').n,
      agentsWithMetrics: one('select count(distinct agent_id) n from metrics_samples').n,
      dbFileBytes: fs.statSync(file).size,
    };
    if (deltaStartedAt) {
      out.sectionsWrittenByDelta = Object.fromEntries(
        db
          .prepare(
            'select section, count(*) n from inventory_sections where updated_at >= ? group by section order by section',
          )
          .all(deltaStartedAt)
          .map((r) => [r.section, r.n]),
      );
      const sample = db.prepare("select changes from inventory_history where changes <> 'null' limit 1").get();
      out.sampleDeltaChange = sample ? JSON.parse(sample.changes) : null;
    }
    return out;
  } finally {
    db.close();
  }
}

function logLevels(file) {
  const levels = {};
  const messages = {};
  try {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const j = JSON.parse(line);
        levels[j.level] = (levels[j.level] ?? 0) + 1;
        if (j.level === 'warn' || j.level === 'error') messages[j.msg] = (messages[j.msg] ?? 0) + 1;
      } catch {
        levels.other = (levels.other ?? 0) + 1;
      }
    }
  } catch {
    /* no log */
  }
  return { levels, warnAndErrorMessages: messages };
}

// --- report ------------------------------------------------------------------------------------------------------------

function figures(n, real, bare) {
  const kib = (b) => round(b / 1024, 1);
  const ratio = (a, b) =>
    a === null || b === null || a === undefined || b === undefined || !b ? null : round(a / b, 2);
  const rows = [];
  const row = (name, unit, r, b, target, pass) =>
    rows.push({ name, unit, real: r, bare: b, ratio: ratio(r, b), target, pass });
  row(
    'RSS per connected agent',
    'KiB',
    kib(real.rssPerAgent),
    bare ? kib(bare.rssPerAgent) : null,
    `≤ ${Targets.memoryRatioMax}× bare`,
    bare ? real.rssPerAgent / bare.rssPerAgent <= Targets.memoryRatioMax : null,
  );
  const held = real.connect.connected - (real.unexpectedCloses ?? 0);
  row(
    'Agents held connected to the end',
    'agents',
    held,
    bare ? bare.connect.connected - (bare.unexpectedCloses ?? 0) : null,
    `all ${n}`,
    real.connect.connected === n && real.unexpectedCloses === 0 && real.connectedAtEnd === n,
  );
  row(
    'Connect rate incl. enrollment',
    'agents/s',
    real.connect.agentsPerSecIncludingEnroll,
    bare?.connect.agentsPerSecIncludingEnroll ?? null,
    '—',
    null,
  );
  row('Enrollment rate', 'enrolls/s', real.connect.enrollPerSec, bare?.connect.enrollPerSec ?? null, '—', null);
  row(
    'WebSocket connect rate',
    'connects/s',
    real.connect.wsConnectsPerSec,
    bare?.connect.wsConnectsPerSec ?? null,
    '—',
    null,
  );
  const inv = real.inventory ?? null;
  const invStored = real.db?.inventoryHistoryInitial;
  if (inv) inventoryRows(row, n, real, bare, inv, invStored, kib);
  const m = real.metrics;
  row(
    m.sideBySide ? 'Metrics stored per server CPU-second (servers side by side)' : 'Metrics stored per server CPU-second',
    'per CPU-s',
    m.perCpuSec,
    bare?.metrics.perCpuSec ?? null,
    `≥ ${Targets.metricsPerCpuRatioMin}× bare`,
    bare ? m.perCpuSec / bare.metrics.perCpuSec >= Targets.metricsPerCpuRatioMin : null,
  );
  if (bare?.metricsWithAck)
    row('  ... bare that also acks (diagnostic)', 'per CPU-s', m.perCpuSec, bare.metricsWithAck.perCpuSec, '—', null);
  row('  ... CPU per metrics message', 'CPU-µs', m.cpuUsPerMessage, bare?.metrics.cpuUsPerMessage ?? null, '—', null);
  row('  ... metrics rate in window', 'per s', m.perSec, bare?.metrics.perSec ?? null, `≈ ${n / 10}/s`, null);
  row('  ... server CPU in window', '% of a core', m.cpuPercent, bare?.metrics.cpuPercent ?? null, '—', null);
  if (real.idle)
    row('  ... server CPU idle, all connected', '% of a core', real.idle.cpuPercent, bare?.idle?.cpuPercent ?? null, '—', null);
  const everyStored =
    m.acked === m.sent && real.db?.metricsSamples === m.storedTotalAfterDrain && m.storedTotalAfterDrain >= m.sent;
  row(
    '  ... every report stored (acked/sent/rows)',
    'samples',
    `${m.acked}/${m.sent}/${real.db?.metricsSamples}`,
    null,
    'all',
    everyStored,
  );
  // Samples wait up to METRICS_BATCH_DELAY_MS for their batch: a server that keeps up holds at most about that many
  // seconds of them (n / 10 a second), and none once the agents stop.
  const batchHolds = Math.ceil((n / 10) * (METRICS_BATCH_DELAY_MS / 1000 + 1));
  row(
    '  ... backlog max in window (after drain)',
    'samples',
    `${m.backlogMax} (${m.backlogAfterDrain})`,
    null,
    `≤ ${batchHolds} (0)`,
    m.backlogAfterDrain === 0 && m.backlogMax <= batchHolds,
  );
  row('  ... ack latency p50 / p99', 'ms', `${m.ackLatency.p50Ms} / ${m.ackLatency.p99Ms}`, null, '—', null);
  row(
    'Other load on the machine (metrics window)',
    'cores',
    m.otherLoadCores,
    bare?.metrics.otherLoadCores ?? null,
    '≈ 0',
    null,
  );
  return rows;
}

/** The inventory rows of the table (absent with --no-inventory). */
function inventoryRows(row, n, real, bare, inv, invStored, kib) {
  row(
    'Full inventories stored, all at once',
    'per s',
    inv.perSec,
    bare?.inventory.perSec ?? null,
    `≥ ${Targets.inventoryPerSecMin}/s`,
    inv.perSec >= Targets.inventoryPerSecMin,
  );
  row(
    '  ... none lost (acked / rows stored)',
    'inventories',
    `${inv.acked}/${invStored}`,
    null,
    `${n}/${n}`,
    inv.acked === n && invStored === n && real.db?.agentsWithInventory === n,
  );
  row(
    '  ... CPU per full inventory',
    'CPU-ms',
    inv.cpuMsPerInventory,
    bare?.inventory.cpuMsPerInventory ?? null,
    `≤ ${round(1000 / Targets.inventoryPerSecMin, 1)}`,
    inv.cpuMsPerInventory <= 1000 / Targets.inventoryPerSecMin,
  );
  row(
    '  ... rate one free core would give',
    'per s',
    inv.perSecOnOneFreeCore,
    bare ? round(1000 / bare.inventory.cpuMsPerInventory, 0) : null,
    `≥ ${Targets.inventoryPerSecMin}/s`,
    inv.perSecOnOneFreeCore >= Targets.inventoryPerSecMin,
  );
  row('  ... bytes written per full inventory', 'KiB', kib(inv.wcharPerInventory), null, '—', null);
  row('  ... software section as stored', 'KiB', kib(real.db?.softwareSectionMeanBytes ?? 0), null, '—', null);
  row('  ... /metrics scrape max during burst', 'ms', inv.responsiveness.scrapeMaxMs, null, '—', null);
  row('  ... event loop held at most', 'ms', inv.responsiveness.eventLoopDelayMaxMs ?? '—', null, '—', null);
  if (real.deltaInventory) {
    const d = real.deltaInventory;
    const again = real.deltaAgainInventory;
    const changeRounds = again ? 2 : 1;
    // One round of changes: its rate, CPU and bytes written.
    const changeRows = (title, r) => {
      row(title, 'per s', r.perSec, null, `≥ ${Targets.inventoryPerSecMin}/s`, r.perSec >= Targets.inventoryPerSecMin);
      row(
        '  ... CPU per changed inventory',
        'CPU-ms',
        r.cpuMsPerInventory,
        null,
        `≤ ${round(1000 / Targets.inventoryPerSecMin, 1)}`,
        r.cpuMsPerInventory <= 1000 / Targets.inventoryPerSecMin,
      );
      row('  ... bytes written per changed inventory', 'KiB', kib(r.wcharPerInventory), null, 'only what changed', null);
    };
    changeRows("Changed inventories stored, all at once (each PC's first change)", d);
    if (again) changeRows("Changed again, all at once (a PC's later changes)", again);
    row(
      '  ... none lost, all rounds (acked / history rows)',
      'inventories',
      `${d.acked + (again?.acked ?? 0)}/${real.db?.inventoryHistoryChanges}`,
      null,
      `${n * changeRounds}/${n * changeRounds}`,
      d.acked + (again?.acked ?? 0) === n * changeRounds && real.db?.inventoryHistoryChanges === n * changeRounds,
    );
    row(
      '  ... sections rewritten',
      'sections',
      Object.keys(real.db?.sectionsWrittenByDelta ?? {}).join('+'),
      null,
      'changed ones',
      null,
    );
  }
}

function printTable(n, rows) {
  const fmt = (v) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? 'yes' : 'NO') : String(v));
  const header = ['figure', 'unit', 'pasang', 'bare ws', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [r.name, r.unit, fmt(r.real), fmt(r.bare), fmt(r.ratio), r.target, fmt(r.pass)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n=== ${n} agents ===`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

// --- main --------------------------------------------------------------------------------------------------------------

async function main() {
  const o = options();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server', 'cli', 'serverCli.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
  }
  selfCheck();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const report = {
    startedAt: new Date().toISOString(),
    host: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memBytes: os.totalmem(),
      node: process.version,
      openFilesLimit: proc.openFilesLimit(process.pid),
    },
    code: codeVersion(),
    options: o,
    targets: Targets,
    runs: [],
    marks,
  };
  const t0 = now();
  for (const n of o.agents) {
    const run = { agents: n, code: codeVersion() };
    report.runs.push(run);
    // Each server gets its own simulated agents, so that both can be measured side by side in the metrics window.
    const bareSims = o.bare ? await startSimulators(n, o) : [];
    const realSims = o.real ? await startSimulators(n, o) : [];
    const everySim = [...bareSims, ...realSims];
    run.simulators = everySim.map((s) => ({ pid: s.pid, agents: s.count, openFilesLimit: proc.openFilesLimit(s.pid), for: bareSims.includes(s) ? 'bare' : 'real' }));
    let bare = null;
    let real = null;
    try {
      if (o.inventory) {
        const prep = await allSims(everySim, 'prepare', { variant: 0 }, 600_000);
        run.inventoryFrameMeanBytes = Math.round(sum(prep, (p) => p.bytes) / (n * (o.bare && o.real ? 2 : 1)));
        log(
          `sims: ${everySim.length} processes, ${n} inventories prepared for each server (mean ${(run.inventoryFrameMeanBytes / 1024).toFixed(0)} KiB) in ${Math.max(...prep.map((p) => p.ms))} ms`,
        );
      }
      if (o.bare) bare = await startBare(n, bareSims, o);
      if (o.real) real = await startReal(n, realSims, o, o.delta === 'all' || (o.delta === 'first' && n === o.agents[0]));
      await metricsWindows(bare, real, o);
      if (bare) run.bare = await finishBare(bare);
      bare = null;
      if (real) run.real = await finishReal(real, o);
      real = null;
      run.simulatorRss = (await allSims(everySim, 'stats')).map((s) => s.rssBytes);
      if (run.real) {
        run.figures = figures(n, run.real, run.bare ?? null);
        printTable(n, run.figures);
      }
    } catch (err) {
      run.error = String(err && err.stack ? err.stack : err);
      log(`run with ${n} agents failed: ${run.error}`);
      if (bare) await stopChild(bare.child, 'SIGKILL', 10_000).catch(() => undefined);
      if (real) await finishReal(real, o, { failed: true }).catch(() => undefined);
    } finally {
      for (const s of everySim) {
        s.child.send({ cmd: 'exit' });
      }
      await Promise.all(everySim.map((s) => stopChild(s.child, 'SIGKILL', 10_000).catch(() => undefined)));
    }
    fs.writeFileSync(o.out, JSON.stringify(report, null, 2));
  }
  report.totalSec = round((now() - t0) / 1000, 1);
  fs.writeFileSync(o.out, JSON.stringify(report, null, 2));
  log(`done in ${report.totalSec} s; JSON in ${path.relative(ROOT, o.out)}`);
  return report.runs.some((r) => r.error) ? 1 : 0;
}

/** Which server was measured: the commit, whether src/ differs from it, and when dist/ was built. */
function codeVersion() {
  const git = (args) => {
    try {
      return require('node:child_process').execFileSync('git', args, { cwd: ROOT }).toString().trim();
    } catch {
      return null;
    }
  };
  const dirty = git(['status', '--porcelain', '--', 'src']);
  return {
    commit: git(['rev-parse', 'HEAD']),
    srcDiffersFromCommit: dirty === null ? null : dirty.length > 0,
    distBuiltAt: fs.statSync(path.join(ROOT, 'dist', 'server', 'main.js')).mtime.toISOString(),
  };
}

/** The simulator's frames must be what a real agent sends: validate a few with the shared codec from dist/. */
function selfCheck() {
  const { createCodec } = require(path.join(ROOT, 'dist', 'shared', 'protocol', 'codec.js'));
  const { inventoryFrame, metricsFrame } = require('./simulator/inventoryGen');
  const codec = createCodec();
  for (const i of [0, 1, 4242, 19_499]) {
    for (const v of [0, 1]) {
      const d = codec.decode(inventoryFrame(i, v, `i-${i}-${v}`, Date.now()).frame.toString(), 'agent');
      if (!d.ok) throw new Error(`simulated inventory ${i}/${v} is invalid: ${d.message}`);
    }
    const m = codec.decode(metricsFrame(i, 1, `m-${i}-1`, Date.now()), 'agent');
    if (!m.ok) throw new Error(`simulated metrics sample is invalid: ${m.message}`);
  }
}

main().then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (err) => {
    console.error(err);
    killAll();
    process.exit(1);
  },
);
