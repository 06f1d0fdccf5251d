#!/usr/bin/env node
'use strict';
/**
 * Metrics write benchmark: CPU time to store live-metrics samples in batches, on a real migrated SQLite store with
 * N enrolled PCs, through the writer the server uses (metricsBatchWriter: one prepared INSERT per sample on the raw
 * handle, in one transaction), next to the statement it replaced, measured in the same run on a second store: one
 * INSERT over the whole batch as one JSON parameter (json_each). Batches alternate between the two; both stores grow
 * alike. Prints µs per sample and the ratio; writes JSON to test-artifacts/bench/metrics-write.json.
 *
 *   node test/bench/metricsWrite.bench.js                       # 20,000 PCs, batches of 1,000, 40 rounds
 *   node test/bench/metricsWrite.bench.js --pcs 2000 --batch 200 --rounds 10
 *
 * The sources are bundled by esbuild on the fly (no build needed). Nothing listens; the stores are removed at the end.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { requireSources } = require('./requireSources');

const { values } = parseArgs({
  options: {
    pcs: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '40' },
  },
});
const ROOT = path.join(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-metrics-write-bench-'));
const { openDatabase, metricsBatchWriter } = requireSources(
  'metrics-write',
  `
      export { openDatabase } from './src/server/store/openDatabase';
      export { metricsBatchWriter } from './src/server/store/writeMetricsBatch';
  `,
);
const { metricsFrame } = require('./simulator/inventoryGen');

/** The statement the server used before: the batch as one JSON parameter, unpacked by json_each. */
function jsonEachWriter(store) {
  const stmt = store.sqlite.prepare(`INSERT INTO metrics_samples (agent_id, sampled_at, received_at, data)
    SELECT value->>0, value->>1, value->>2, value->3 FROM json_each(?) WHERE true
    ON CONFLICT (sampled_at, agent_id) DO NOTHING`);
  const write = store.sqlite.transaction((rows) => stmt.run(rows));
  return async (samples) =>
    write(
      `[${samples.map((s) => `[${JSON.stringify(s.agentId)},${s.sampledAt},${s.receivedAt},${s.sampleJson}]`).join(',')}]`,
    );
}

async function openFleet(name, pcs) {
  const dataDir = path.join(work, name);
  const store = await openDatabase({ dataDir });
  const now = Date.now();
  const insert = store.sqlite.prepare(
    `INSERT INTO agents (id, machine_id, hostname, secret_hash, enrolled_at, last_seen_at, online) VALUES (?, ?, ?, 'x', ?, ?, 0)`,
  );
  store.sqlite.transaction(() => {
    for (let i = 0; i < pcs; i++) insert.run(agentId(i), `machine-${i}`, `pc-${i}`, now, now);
  })();
  return store;
}

const agentId = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A sample as the simulated agents of the server benchmark send it. */
const sample = (i, t) => JSON.parse(metricsFrame(i, 1, 'm', t)).payload.sample;

async function main() {
  const pcs = Number(values.pcs);
  const batchSize = Number(values.batch);
  const rounds = Number(values.rounds);
  const stores = { current: await openFleet('current', pcs), jsonEach: await openFleet('json-each', pcs) };
  const writers = {
    current: metricsBatchWriter(stores.current.db, 'sqlite', stores.current.sqlite),
    jsonEach: jsonEachWriter(stores.jsonEach),
  };
  const cpuUs = { current: 0, jsonEach: 0 };
  let samples = 0;
  let t = Date.now();
  try {
    for (let r = 0; r < rounds; r++) {
      for (let from = 0; from < pcs; from += batchSize) {
        const batch = [];
        for (let i = from; i < Math.min(pcs, from + batchSize); i++) {
          t += 1;
          // Each sample's text is made when it arrives (MetricsService.store), before either writer sees it.
          batch.push({ agentId: agentId(i), sampledAt: t, receivedAt: t, sampleJson: JSON.stringify(sample(i, t)) });
        }
        // Alternate which goes first, so neither always runs on a warmer cache.
        const order = (from / batchSize + r) % 2 === 0 ? ['current', 'jsonEach'] : ['jsonEach', 'current'];
        for (const name of order) {
          const c0 = process.cpuUsage();
          await writers[name](batch);
          const c = process.cpuUsage(c0);
          cpuUs[name] += c.user + c.system;
        }
        samples += batch.length;
      }
    }
    const rows = (name) => stores[name].sqlite.prepare('SELECT count(*) AS n FROM metrics_samples').get().n;
    if (rows('current') !== samples || rows('jsonEach') !== samples)
      throw new Error(`rows stored: ${rows('current')} and ${rows('jsonEach')} of ${samples}`);
    const per = (name) => cpuUs[name] / samples;
    const result = {
      pcs,
      batchSize,
      samples,
      cpuUsPerSample: { current: Number(per('current').toFixed(2)), jsonEach: Number(per('jsonEach').toFixed(2)) },
      ratio: Number((per('current') / per('jsonEach')).toFixed(2)),
    };
    console.log(
      `${samples} samples each way, batches of ${batchSize}, ${pcs} PCs: prepared INSERT per sample ${result.cpuUsPerSample.current} CPU-µs per sample, ` +
        `json_each ${result.cpuUsPerSample.jsonEach} → ${result.ratio}×`,
    );
    const out = path.join(ROOT, 'test-artifacts', 'bench', 'metrics-write.json');
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`wrote ${path.relative(ROOT, out)}`);
  } finally {
    await stores.current.close();
    await stores.jsonEach.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
