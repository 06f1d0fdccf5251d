// The headless agent at idle: resident memory and CPU over a window, at the default metrics interval, connected to a
// real server. Targets: ≤ 60 MB RSS, ≤ 0.5% of one core. Baseline in the same run: a bare `node -e` process that
// keeps one idle WebSocket open to the same server (what any Node agent costs before doing anything).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CLK_TCK = 100;

function procStat(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSec = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return { cpuSec, rssMb: rssKb / 1024 };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(test, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function measure(pid, windowMs) {
  const a = procStat(pid);
  const t0 = process.hrtime.bigint();
  let peak = a.rssMb;
  for (let waited = 0; waited < windowMs; waited += 1000) {
    await sleep(1000);
    peak = Math.max(peak, procStat(pid).rssMb);
  }
  const b = procStat(pid);
  const wallSec = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rssMb: b.rssMb, peakRssMb: peak, cpuPercent: ((b.cpuSec - a.cpuSec) / wallSec) * 100 };
}

async function benchAgentIdle({ windowMs = 60000, settleMs = 15000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-idle-'));
  const cli = (args) => spawnSync(process.execPath, [path.join(ROOT, 'bin/pasang-server.js'), ...args, '--data-dir', dir], { encoding: 'utf8' }).stdout.trim();
  const token = cli(['enroll-token', 'create']);
  const children = [];
  try {
    const server = spawn(process.execPath, [path.join(ROOT, 'bin/pasang-server.js'), 'serve', '--port', '0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(server);
    let out = '';
    server.stdout.on('data', (d) => (out += d));
    await waitFor(() => /listening on (\S+)/.test(out), 'the server');
    const url = /listening on (\S+)/.exec(out)[1];

    const { AGENT_NODE_FLAGS } = require(path.join(ROOT, 'dist/main/service/nodeFlags.js'));
    const agent = spawn(process.execPath, [...AGENT_NODE_FLAGS, path.join(ROOT, 'bin/pasang-agent.js'), '--server', url, '--enroll-token', token, '--state-dir', path.join(dir, 'agent')], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(agent);
    let log = '';
    agent.stderr.on('data', (d) => (log += d));
    await waitFor(() => log.includes('"report acked"') || log.includes('inventory changed: queued'), 'the first inventory', 60000);
    await sleep(settleMs);
    const ours = await measure(agent.pid, windowMs);

    const bareCode = `const { WebSocket } = require(${JSON.stringify(require.resolve('ws'))}); new WebSocket(${JSON.stringify(url.replace('http', 'ws') + '/agent/ws')}).on('error', () => {}); setInterval(() => {}, 1 << 30);`;
    const bare = spawn(process.execPath, ['-e', bareCode], { stdio: 'ignore' });
    children.push(bare);
    await sleep(settleMs);
    const baseline = await measure(bare.pid, windowMs);
    return { windowSec: windowMs / 1000, agent: ours, bareNode: baseline, targets: { rssMb: 60, cpuPercent: 0.5 } };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { benchAgentIdle };

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  benchAgentIdle(quick ? { windowMs: 20000, settleMs: 5000 } : {}).then((r) => {
    const f = (n) => n.toFixed(2);
    console.log(`agent idle over ${r.windowSec} s at the default metrics interval`);
    console.log(`  pasang-agent:  RSS ${f(r.agent.rssMb)} MB (peak ${f(r.agent.peakRssMb)}), CPU ${f(r.agent.cpuPercent)}% of a core`);
    console.log(`  bare node+ws:  RSS ${f(r.bareNode.rssMb)} MB, CPU ${f(r.bareNode.cpuPercent)}%`);
    console.log(`  ratio RSS ${f(r.agent.rssMb / r.bareNode.rssMb)}x; targets ≤ ${r.targets.rssMb} MB, ≤ ${r.targets.cpuPercent}%`);
    fs.mkdirSync(path.join(ROOT, 'test-artifacts/bench'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-artifacts/bench/agent-idle.json'), JSON.stringify(r, null, 2));
  });
}
