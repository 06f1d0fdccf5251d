#!/usr/bin/env node
'use strict';
/**
 * Job rows benchmark: CPU time to write the rows of pushes and then mark them delivered as their acks come back, on a
 * real migrated SQLite store with N enrolled PCs, through the statements the server uses (insertJobRows,
 * markJobsDelivered), next to the same on a second store whose jobs carry the index they had before migration 0023
 * (agent_id, state) instead of today's (agent_id), measured in the same run. Pushes alternate between the two stores.
 * Prints µs per job for each step and the ratios; writes JSON to test-artifacts/bench/job-rows-write.json.
 *
 *   node test/bench/jobRowsWrite.bench.js                        # 10,000 PCs, 4 pushes to all, acks in batches of 500
 *   node test/bench/jobRowsWrite.bench.js --pcs 2000 --pushes 2 --acks 200
 *
 * The sources are bundled by esbuild on the fly (no build needed). Nothing listens; the stores are removed at the end.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { parseArgs } = require('node:util');
const { requireSources } = require('./requireSources');

const { values } = parseArgs({
  options: {
    pcs: { type: 'string', default: '10000' },
    pushes: { type: 'string', default: '4' },
    acks: { type: 'string', default: '500' },
  },
});
const ROOT = path.join(__dirname, '..', '..');
const SLICE = 1000; // PUSH_SLICE: one batch per 1,000 PCs
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-job-rows-bench-'));
const { openDatabase, insertJobRows, markJobsDelivered } = requireSources(
  'job-rows-write',
  `
      export { openDatabase } from './src/server/store/openDatabase';
      export { insertJobRows } from './src/server/store/insertJobRows';
      export { markJobsDelivered } from './src/server/store/markJobsDelivered';
  `,
);

const agentId = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function openFleet(name, pcs, { oldIndex }) {
  const store = await openDatabase({ dataDir: path.join(work, name) });
  const now = Date.now();
  const insert = store.sqlite.prepare(
    `INSERT INTO agents (id, machine_id, hostname, secret_hash, enrolled_at, last_seen_at, online) VALUES (?, ?, ?, 'x', ?, ?, 1)`,
  );
  store.sqlite.transaction(() => {
    for (let i = 0; i < pcs; i++) insert.run(agentId(i), `machine-${i}`, `pc-${i}`, now, now);
  })();
  if (oldIndex) store.sqlite.exec('DROP INDEX jobs_agent; CREATE INDEX jobs_agent_state ON jobs (agent_id, state);');
  return store;
}

/** One push to every PC, as sendPush stores it: a batch row per slice, then each slice's job rows. */
async function storePush(store, pcs, now) {
  const slices = [];
  for (let from = 0; from < pcs; from += SLICE) {
    const batchId = randomUUID();
    const jobs = [];
    for (let i = from; i < Math.min(pcs, from + SLICE); i++)
      jobs.push({ jobId: `${batchId}.${i - from}`, agentId: agentId(i), leafIndex: i - from });
    store.sqlite
      .prepare(
        `INSERT INTO job_batches (id, action, item_id, batch_json, signature, created_at, expires_at, count) VALUES (?, 'install', 'item', '{}', 'sig', ?, ?, ?)`,
      )
      .run(batchId, now, now + 3600_000, jobs.length);
    slices.push({ batchId, jobs });
  }
  return slices;
}

async function main() {
  const pcs = Number(values.pcs);
  const pushes = Number(values.pushes);
  const ackBatch = Number(values.acks);
  const stores = {
    current: await openFleet('current', pcs, { oldIndex: false }),
    before0023: await openFleet('before-0023', pcs, { oldIndex: true }),
  };
  const cpu = { current: { insert: 0, deliver: 0 }, before0023: { insert: 0, deliver: 0 } };
  const timed = async (name, step, fn) => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    cpu[name][step] += c.user + c.system;
  };
  let jobs = 0;
  try {
    for (let p = 0; p < pushes; p++) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      const order = p % 2 === 0 ? ['current', 'before0023'] : ['before0023', 'current'];
      for (const name of order) {
        const store = stores[name];
        const now = Date.now();
        const slices = await storePush(store, pcs, now);
        // The rows of the whole push in one transaction, as JobService.storeDeferredRows writes them.
        await timed(name, 'insert', () =>
          store.db.transaction().execute(async (trx) => {
            for (const s of slices) await insertJobRows(trx, 'sqlite', s.batchId, now, s.jobs);
          }),
        );
        // The acks come back in about the order the jobs were sent, and are marked in batches (JobService's deliveries).
        const acks = slices.flatMap((s) => s.jobs);
        for (let i = 0; i < acks.length; i += ackBatch) {
          const part = acks.slice(i, i + ackBatch);
          await timed(name, 'deliver', async () => {
            const marked = await markJobsDelivered(store.db, 'sqlite', now, part);
            if (marked.length !== part.length)
              throw new Error(`${name}: ${marked.length} of ${part.length} marked delivered`);
          });
        }
      }
      jobs += pcs;
    }
    for (const name of Object.keys(stores)) {
      const n = stores[name].sqlite.prepare(`SELECT count(*) AS n FROM jobs WHERE state = 'delivered'`).get().n;
      if (n !== jobs) throw new Error(`${name}: ${n} of ${jobs} jobs delivered`);
    }
    const per = (name, step) => Number((cpu[name][step] / jobs).toFixed(2));
    const result = {
      pcs,
      pushes,
      ackBatch,
      jobs,
      cpuUsPerJob: Object.fromEntries(
        Object.keys(stores).map((n) => [n, { insert: per(n, 'insert'), deliver: per(n, 'deliver') }]),
      ),
      ratio: {
        insert: Number((cpu.current.insert / cpu.before0023.insert).toFixed(2)),
        deliver: Number((cpu.current.deliver / cpu.before0023.deliver).toFixed(2)),
      },
    };
    console.log(
      `${jobs} jobs each way (${pushes} pushes to ${pcs} PCs, acks in batches of ${ackBatch}), CPU-µs per job:\n` +
        `  rows written:      index (agent_id) ${result.cpuUsPerJob.current.insert}, (agent_id, state) ${result.cpuUsPerJob.before0023.insert} → ${result.ratio.insert}×\n` +
        `  marked delivered:  index (agent_id) ${result.cpuUsPerJob.current.deliver}, (agent_id, state) ${result.cpuUsPerJob.before0023.deliver} → ${result.ratio.deliver}×`,
    );
    const out = path.join(ROOT, 'test-artifacts', 'bench', 'job-rows-write.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`wrote ${path.relative(ROOT, out)}`);
  } finally {
    await stores.current.close();
    await stores.before0023.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
