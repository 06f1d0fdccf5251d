// A child process holding many simulated agents for the dispatch benchmark: each is connected to both servers of a run
// — enrolled with the real one (it says hello and sends a small inventory there), plainly connected to the bare one —
// and records when each `job` frame arrives (the real server's, or the bare server's broadcast of one of the same
// size), using the machine's monotonic clock so times compare across processes on this machine. Every job
// frame is acknowledged at once, on both connections.
'use strict';
const { WebSocket } = require('ws');

const { machineMs: now } = require('../simulator/machineClock');
const sockets = [];
const arrivals = []; // [tag, time]
let frameBytes = 0; // the size of the last job frame received

function send(msg) {
  process.send(msg);
}

async function pool(items, concurrency, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]);
  }));
}

async function enroll(url, token, n) {
  const res = await fetch(`${url}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, machineId: `sim-${process.pid}-${n}`, hostname: `sim-${process.pid}-${n}` }),
  });
  if (res.status !== 201) throw new Error(`enroll ${res.status}`);
  return res.json();
}

function connect(url, auth, n, real) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers: auth ? { authorization: auth } : {} });
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text.includes('"type":"job"')) return;
      const m = /"jobId":"([^"]+)"/.exec(text);
      const jobId = m ? m[1] : '?';
      arrivals.push([jobId, now()]);
      frameBytes = data.length;
      // As a real agent does: the job is acknowledged at once (the server records the delivery meanwhile). The bare
      // run's receivers ack too, with a frame of the same shape, so both servers face the same clients.
      ws.send(JSON.stringify({ v: 1, id: `ack-${jobId}`, type: 'ack', ts: Date.now(), payload: { ids: [jobId] } }));
    });
    ws.on('open', () => {
      if (real) {
        const env = (type, payload) => JSON.stringify({ v: 1, id: `${type}-${process.pid}-${n}`, type, ts: Date.now(), payload });
        ws.send(env('hello', { agentVersion: 'sim', protocol: 1, capabilities: [] }));
        ws.send(env('inventory', {
          hash: String(n).padStart(64, '0'),
          inventory: {
            machineId: `sim-${n}`,
            collectedAt: new Date().toISOString(),
            os: { platform: 'linux', family: 'linux', arch: 'x64', hostname: `sim-${process.pid}-${n}` },
            cpu: { model: 'sim', cores: 4 },
            memory: { totalBytes: 8 * 1024 ** 3, modules: [] },
            fileSystems: [{ fs: '/dev/sda1', mount: '/', sizeBytes: 1e11, usedBytes: 5e10, freeBytes: 5e10 }],
            problems: {},
          },
        }));
      }
      resolve(ws);
    });
  });
}

process.on('message', async (cmd) => {
  try {
    if (cmd.op === 'connect') {
      const real = cmd.mode === 'real';
      const ids = [];
      let count = 0;
      await pool(Array.from({ length: cmd.count }, (_, i) => i), 50, async (i) => {
        if (real) {
          const cred = await enroll(cmd.httpUrl, cmd.token, i);
          ids.push(cred.agentId);
          sockets.push(await connect(cmd.wsUrl, `Bearer ${cred.agentId}:${cred.agentSecret}`, i, true));
        } else sockets.push(await connect(cmd.wsUrl, null, i, false));
        count++;
      });
      send({ op: 'connected', count, ids });
    } else if (cmd.op === 'arrivals') {
      send({ op: 'arrivals', arrivals: arrivals.splice(0), frameBytes });
    } else if (cmd.op === 'close') {
      for (const ws of sockets) ws.terminate();
      send({ op: 'closed' });
      setTimeout(() => process.exit(0), 100);
    }
  } catch (err) {
    send({ op: 'error', message: String(err && err.stack || err) });
  }
});
send({ op: 'ready' });
