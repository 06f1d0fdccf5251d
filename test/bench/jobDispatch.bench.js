// Dispatch latency: with 1,000, 10,000 and 19,500 simulated agents connected to a real `pasang-server` (SQLite), the
// time from `POST /api/v1/jobs` to each agent receiving its signed job — for one PC (p50, p99 over many pushes) and for
// all PCs at once — next to a bare `ws` server broadcasting a frame of the same size to the same number of sockets,
// measured in the same run, to the same simulated agents (connected to both servers at once; they acknowledge every
// job frame, from both). Targets: all at once ≤ 1.25× the bare fan-out; one PC p99 ≤ 50 ms at 10,000.
// Usage: node test/bench/jobDispatch.bench.js [--agents 1000,10000,19500] [--single 200] [--rounds N] [--warmup 1]
// (rounds: 15 at up to 2,000 PCs, 5 above)
// All at once is pushed `warmup` + `rounds` times by each server, the two taking turns; the warm-up pushes (cold code
// paths in the servers and the simulators alike) are not counted, and the ratio compares the median counted rounds.
'use strict';
const { fork, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { cpuSeconds } = require('./simulator/procStats');

const ROOT = path.resolve(__dirname, '../..');
const { machineMs: now } = require('./simulator/machineClock');
// The acks of a push are written this long after the first (and the push's job rows before them): its CPU is counted
// until a second after that, in both servers' rounds alike.
const { DELIVERY_WRITE_DELAY_MS } = require('../../dist/server/domain/jobService');
const AFTER_ARRIVAL_MS = DELIVERY_WRITE_DELAY_MS + 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PER_SIM = 5000;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CPU milliseconds (user + system) of these processes so far. */
const cpuMs = (pids) => Math.round(pids.reduce((sum, pid) => sum + cpuSeconds(pid).total * 1000, 0));

/** The round whose last arrival is the median of the rounds'. */
function medianRound(rounds) {
  const sorted = [...rounds].sort((a, b) => a.max - b.max);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function medianOf(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : +((s[s.length / 2 - 1] + s[s.length / 2]) / 2).toFixed(2);
}

function summary(values) {
  if (values.length === 0) return { count: 0, first: NaN, p50: NaN, p99: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, first: +s[0].toFixed(2), p50: +pct(s, 50).toFixed(2), p99: +pct(s, 99).toFixed(2), max: +s[s.length - 1].toFixed(2) };
}

class Sim {
  constructor() {
    // PASANG_BENCH_CPU_PROF=DIR profiles the simulators too (under DIR/sims): what a push costs its receivers.
    const prof = process.env.PASANG_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.PASANG_BENCH_CPU_PROF, 'sims')}`] : [];
    this.child = fork(path.join(__dirname, 'dispatch/dispatchSim.js'), [], { execArgv: prof, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.waiters = [];
    this.child.on('message', (m) => {
      const i = this.waiters.findIndex((w) => w.op === m.op || m.op === 'error');
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
    });
    this.ready = this.wait('ready');
  }
  wait(op, timeoutMs = 600_000) {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`sim: no ${op} in time`)), timeoutMs);
      this.waiters.push({ op, resolve: (m) => (clearTimeout(t), m.op === 'error' ? reject(new Error(m.message)) : resolve(m)) });
    });
  }
  async call(msg, reply) {
    const p = this.wait(reply);
    this.child.send(msg);
    return p;
  }
}

async function sims(n) {
  const list = Array.from({ length: Math.ceil(n / PER_SIM) }, () => new Sim());
  await Promise.all(list.map((s) => s.ready));
  return list;
}

async function closeSims(list) {
  await Promise.all(list.map((s) => s.call({ op: 'close' }, 'closed').catch(() => s.child.kill('SIGKILL'))));
}

let lastFrameBytes = 0;
async function arrivals(list) {
  const all = await Promise.all(list.map((s) => s.call({ op: 'arrivals' }, 'arrivals')));
  for (const m of all) if (m.frameBytes) lastFrameBytes = m.frameBytes;
  return all.flatMap((m) => m.arrivals);
}

function cli(dataDir, args) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/pasang-server.js'), ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

/** Starts a real `pasang-server` on SQLite in a temp dir; resolves once it listens. */
async function startReal() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-dispatch-'));
  const apiToken = cli(dataDir, ['api-token', 'create', '--role', 'admin']);
  const enrollToken = cli(dataDir, ['enroll-token', 'create', '--uses', 'unlimited']);
  // PASANG_BENCH_CPU_PROF=DIR writes V8 CPU profiles of the server's threads under DIR/real.
  const prof = process.env.PASANG_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.PASANG_BENCH_CPU_PROF, 'real')}`] : [];
  // Diagnostic: extra node flags for the server (e.g. PASANG_BENCH_SERVER_NODE_ARGS=--trace-gc, with PASANG_BENCH_SERVER_STDERR=1).
  prof.push(...(process.env.PASANG_BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean));
  // One person pushes here: the benchmark times dispatch, not the second technician's approval (SECURITY.md 12).
  const child = spawn(process.execPath, [...prof, path.join(ROOT, 'bin/pasang-server.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--two-person-threshold', '1000000'], { stdio: ['ignore', 'pipe', process.env.PASANG_BENCH_SERVER_STDERR ? 'inherit' : 'ignore'] });
  const stop = async () => {
    child.kill('SIGTERM');
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let out = '';
  child.stdout.on('data', (d) => {
    if (process.env.PASANG_BENCH_SERVER_STDERR) process.stderr.write(d);
    if (out.length < 65_536) out += d;
  });
  for (let i = 0; i < 200 && !/listening on (\S+)/.test(out); i++) await sleep(50);
  const m = /listening on (\S+)/.exec(out);
  if (!m) {
    await stop();
    throw new Error('pasang-server did not start listening in 10 s');
  }
  const url = m[1];
  const api = async (method, p, body) => {
    const res = await fetch(url + p, { method, headers: { authorization: `Bearer ${apiToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return res.json();
  };
  return { child, url, api, enrollToken, stop };
}

/** Starts the bare broadcast server; resolves with its port once it listens. */
async function startBare() {
  // PASANG_BENCH_CPU_PROF profiles the bare server too (under DIR/bare), so the two servers' costs per push compare
  // function by function.
  const prof = process.env.PASANG_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.PASANG_BENCH_CPU_PROF, 'bare')}`] : [];
  const child = fork(path.join(__dirname, 'dispatch/bareBroadcastServer.js'), [], { execArgv: prof, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('bare server did not start listening in 10 s')), 10_000);
    child.once('message', (m) => (clearTimeout(t), resolve(m.port)));
  });
  const stop = async () => {
    child.kill('SIGTERM'); // it exits on its own (writing its profile, if asked)
    await sleep(prof.length ? 2000 : 100);
    child.kill('SIGKILL');
  };
  return { child, port, stop };
}

/** Connects `n` simulated agents, spread over the simulators, to one server; returns the real server's agent ids. */
async function connectAll(list, n, msg) {
  let left = n;
  const results = await Promise.all(list.map((s) => {
    const count = Math.min(PER_SIM, left);
    left -= count;
    return s.call({ op: 'connect', count, ...msg }, 'connected');
  }));
  return results.flatMap((r) => r.ids);
}

/**
 * Waits until the arrivals `accept` keeps number `expected` (or 60 s pass); returns their times after `t0`. Other
 * arrivals (a late frame of the other server's round) are dropped.
 */
async function collect(list, t0, expected, accept) {
  const got = [];
  for (let i = 0; i < 600 && got.length < expected; i++) {
    await sleep(100);
    for (const [jobId, t] of await arrivals(list)) if (accept(jobId)) got.push(t - t0);
  }
  return got;
}

/** One push of the catalog item to every online PC through the real server's API. */
async function realRound(real, item, pids) {
  const cpu0 = { server: cpuMs([real.child.pid]), sims: cpuMs(pids) };
  const tAll = now();
  const pushed = await real.api('POST', '/api/v1/jobs', { itemId: item.id, filter: { online: true } });
  const responseMs = now() - tAll;
  const wanted = new Set(pushed.jobs.map((j) => j.id));
  const all = await collect(real.sims, tAll, wanted.size, (jobId) => wanted.has(jobId));
  await sleep(AFTER_ARRIVAL_MS); // the acks are handled and their deliveries written
  return { ...summary(all), expected: wanted.size, responseMs: +responseMs.toFixed(1), serverMs: cpuMs([real.child.pid]) - cpu0.server, simsMs: cpuMs(pids) - cpu0.sims };
}

/** One broadcast by the bare server of a frame as long as the real server's job frames, to the same agents. */
async function bareRound(bare, round, n, frameBytes, pids) {
  // A job id as long as the real server's (`<batch uuid>.<n>`), so the receivers' acks are the same size.
  const jobId = `bare-round-${round}.`.padEnd(41, '0');
  const bareFrame = (pad) => JSON.stringify({ v: 1, id: jobId, type: 'job', ts: 0, payload: { jobId, pad } });
  const frame = bareFrame('x'.repeat(Math.max(0, frameBytes - bareFrame('').length)));
  const cpu0 = { server: cpuMs([bare.child.pid]), sims: cpuMs(pids) };
  const t0 = now();
  await fetch(`http://127.0.0.1:${bare.port}/broadcast`, { method: 'POST', body: frame });
  const got = await collect(bare.sims, t0, n, (id) => id === jobId);
  await sleep(AFTER_ARRIVAL_MS);
  return { ...summary(got), expected: n, serverMs: cpuMs([bare.child.pid]) - cpu0.server, simsMs: cpuMs(pids) - cpu0.sims };
}

/**
 * Both servers run side by side and every simulated agent is connected to both; the pushes to all PCs alternate
 * between them (real, bare, then bare, real, …), so a change in the machine's load during the run touches both
 * alike rather than the one measured second. Idle, each server's sockets cost the other nothing.
 */
async function measure(n, singlePushes, allRounds, warmup) {
  const stops = [];
  const list = [];
  try {
    const real = await startReal();
    stops.push(real.stop);
    const bare = await startBare();
    stops.push(bare.stop);
    list.push(...(await sims(n)));
    real.sims = list;
    bare.sims = list;
    const pids = list.map((x) => x.child.pid);
    const t0 = now();
    const ids = await connectAll(list, n, { mode: 'real', httpUrl: real.url, wsUrl: `${real.url.replace('http', 'ws')}/agent/ws`, token: real.enrollToken });
    const connectSec = (now() - t0) / 1000;
    await connectAll(list, n, { mode: 'bare', wsUrl: `ws://127.0.0.1:${bare.port}` });
    for (let i = 0; i < 1200; i++) {
      const metrics = await (await fetch(`${real.url}/metrics`)).text();
      const m = /pasang_agent_messages_received_total\{type="inventory"\} (\d+)/.exec(metrics);
      if (m && Number(m[1]) >= n) break;
      await sleep(250);
    }
    await sleep(1000); // inventories are stored after they are counted
    const item = await real.api('POST', '/api/v1/catalog', {
      name: `bench-${n}`,
      version: '1.0',
      category: 'Bench',
      variants: [{ os: 'linux', kind: 'apt', packageId: 'bench-package', detection: { kind: 'dpkg', package: 'bench-package' } }],
    });

    // One PC at a time.
    const single = [];
    const started = new Map();
    for (let i = 0; i < singlePushes; i++) {
      const agentId = ids[Math.floor(Math.random() * ids.length)];
      const t = now();
      const r = await real.api('POST', '/api/v1/jobs', { itemId: item.id, agentIds: [agentId] });
      started.set(r.jobs[0].id, t);
    }
    await sleep(500);
    for (const [jobId, t] of await arrivals(list)) if (started.has(jobId)) single.push(t - started.get(jobId));

    // Every PC at once, `rounds` times each (one push on a shared machine is one noisy sample), alternating.
    const rounds = { real: [], bare: [] };
    for (let round = 0; round < warmup + allRounds; round++) {
      // The first push is the real server's: the bare frame is made as long as its job frames.
      for (const which of round % 2 === 0 ? ['real', 'bare'] : ['bare', 'real']) {
        await sleep(2000); // the previous push's acks are in
        const startedAt = now();
        const r = which === 'real' ? await realRound(real, item, pids) : await bareRound(bare, round, n, lastFrameBytes, pids);
        // With profiles: when each round began on the clock the profiles use (V8's, the machine's monotonic clock).
        if (process.env.PASANG_BENCH_CPU_PROF) console.error(`round ${round} ${which} at ${startedAt.toFixed(0)} ms, last arrival +${r.max} ms`);
        if (round >= warmup) rounds[which].push(r);
      }
    }
    const serverRss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${real.child.pid}/status`, 'utf8'))[1]) * 1024;
    return {
      real: { connectSec, single: summary(single), rounds: rounds.real, all: medianRound(rounds.real), serverRss, frameBytes: lastFrameBytes },
      bare: { rounds: rounds.bare, all: medianRound(rounds.bare), frameBytes: lastFrameBytes },
    };
  } finally {
    await closeSims(list);
    for (const stop of stops.reverse()) await stop();
  }
}

async function main() {
  const counts = arg('agents', '1000,10000,19500').split(',').map(Number);
  const singlePushes = Number(arg('single', '200'));
  // A push to 1,000 PCs lasts tens of milliseconds, and on a shared machine its rounds were seen to vary 4× (bare
  // 33–146 ms in one run): small fleets get three times the rounds, which cost them little. --rounds sets all alike.
  const roundsArg = arg('rounds', null);
  const roundsFor = (n) => Math.max(1, Number(roundsArg ?? (n <= 2000 ? 15 : 5)));
  const warmup = Math.max(0, Number(arg('warmup', '1')));
  const runs = [];
  for (const n of counts) {
    process.stdout.write(`\n${n} agents: real server and bare ws, rounds alternating…`);
    const { real: r, bare: b } = await measure(n, singlePushes, roundsFor(n), warmup);
    const ratio = r.all.max / b.all.max;
    // Each real round against the bare round next to it in time: how much the ratio moves from pair to pair.
    const pairRatios = r.rounds.map((x, i) => +(x.max / b.rounds[i].max).toFixed(2));
    runs.push({ agents: n, real: r, bare: b, allAtOnceRatio: +ratio.toFixed(2), pairRatios });
    console.log(
      `\n  one PC:      p50 ${r.single.p50} ms, p99 ${r.single.p99} ms (${r.single.count} pushes)` +
        `\n  all at once: first ${r.all.first} ms, p50 ${r.all.p50} ms, p99 ${r.all.p99} ms, last ${r.all.max} ms (${r.all.count}/${r.all.expected} received; POST answered in ${r.all.responseMs} ms)` +
        `\n  bare ws:     first ${b.all.first} ms, p50 ${b.all.p50} ms, p99 ${b.all.p99} ms, last ${b.all.max} ms` +
        `\n  rounds (last arrival, ms): real ${r.rounds.map((x) => x.max).join(', ')}; bare ${b.rounds.map((x) => x.max).join(', ')}` +
        `\n  rounds (first arrival, ms): real ${r.rounds.map((x) => x.first).join(', ')}; bare ${b.rounds.map((x) => x.first).join(', ')}` +
        `\n  frame bytes: real ${r.frameBytes}, bare ${b.frameBytes}` +
        `\n  CPU ms per push (median round; the push, its acks and their writes): server real ${r.all.serverMs}, bare ${b.all.serverMs}; simulators real ${r.all.simsMs}, bare ${b.all.simsMs}` +
        `\n  ratio all-at-once / bare (median round's last arrival): ${ratio.toFixed(2)}× (target ≤ 1.25×)` +
        `\n  ratio of each real round to the bare round beside it: ${pairRatios.join(', ')} (median ${medianOf(pairRatios)}×)`,
    );
  }
  fs.mkdirSync(path.join(ROOT, 'test-artifacts/bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-artifacts/bench/job-dispatch.json'), JSON.stringify({ at: new Date().toISOString(), runs }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
