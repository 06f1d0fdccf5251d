#!/usr/bin/env node
'use strict';
/**
 * PC filter benchmark: seeds a SQLite store with a fleet (test/support/seedPcFleet.ts: 20,000 PCs × ~900 programs,
 * people in teams) and times GET /api/v1/agents' query — AgentRegistry.list, the count and one page of 50 — for each
 * kind of filter: installed program (with a minimum version, missing, by prefix), team, specs, combined. Prints the
 * median of several runs per filter and writes JSON to test-artifacts/bench/pc-filter.json.
 *
 *   node test/bench/pcFilter.bench.js                 # 20,000 PCs
 *   node test/bench/pcFilter.bench.js --pcs 2000 --runs 3
 *
 * The sources are bundled by esbuild on the fly (no build needed); node_modules stay external. Nothing listens: the
 * store is a file in a temp dir, removed at the end (--keep-data keeps it).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { requireSources } = require('./requireSources');

const { values } = parseArgs({
  options: { pcs: { type: 'string', default: '20000' }, runs: { type: 'string', default: '7' }, 'keep-data': { type: 'boolean', default: false } },
});
const ROOT = path.join(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-pc-filter-bench-'));
const { openDatabase, AgentRegistry, seedPcFleet, SEEDED } = requireSources(
  'pc-filter',
  `
    export { openDatabase } from './src/server/store/openDatabase';
    export { AgentRegistry } from './src/server/domain/agentRegistry';
    export { seedPcFleet, SEEDED } from './test/support/seedPcFleet';
  `,
);

const GiB = 1024 ** 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const pcs = Number(values.pcs);
  const runs = Number(values.runs);
  const dataDir = path.join(work, 'data');
  fs.mkdirSync(dataDir);
  const store = await openDatabase({ dataDir });
  try {
    const t0 = performance.now();
    const { teamIds } = await seedPcFleet(store.db, { pcs, onProgress: (n) => process.stdout.write(`\rseeded ${n} PCs`) });
    const seedSec = (performance.now() - t0) / 1000;
    const rows = (await store.db.selectFrom('agent_programs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n;
    const dbBytes = fs.readdirSync(dataDir).filter((f) => f.startsWith('pasang.db')).reduce((s, f) => s + fs.statSync(path.join(dataDir, f)).size, 0);
    console.log(`\nseeded ${pcs} PCs, ${rows} program rows in ${seedSec.toFixed(1)} s; store ${(dbBytes / 1e9).toFixed(2)} GB`);
    const registry = new AgentRegistry(store.db, { now: () => Date.now() });
    const filters = {
      'software (name)': { software: SEEDED.chrome },
      'software ≥ version': { software: SEEDED.chrome, softwareMinVersion: '120' },
      'software missing': { software: SEEDED.chrome, softwareMinVersion: '120', softwareMissing: true },
      'software prefix': { software: SEEDED.vcPrefix },
      'rare program': { software: 'program 3998 runtime' },
      team: { teamId: teamIds[3] },
      'specs (RAM, cores, disk)': { minMemoryBytes: 8 * GiB, minCpuCores: 4, minFreeDiskBytes: 100 * GiB },
      'cpu model': { cpu: 'ryzen' },
      combined: { online: true, os: 'linux', teamId: teamIds[3], software: SEEDED.chrome, softwareMinVersion: '110', minMemoryBytes: 8 * GiB },
      'no filter': {},
    };
    const results = [];
    for (const [name, filter] of Object.entries(filters)) {
      const times = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        const r = await registry.list({ limit: 50, offset: 0, ...filter });
        times.push(performance.now() - s);
        total = r.total;
      }
      const ms = median(times);
      results.push({ name, filter, matched: total, medianMs: Number(ms.toFixed(2)) });
      console.log(`${name.padEnd(26)} ${String(total).padStart(6)} PCs   ${ms.toFixed(1).padStart(7)} ms (median of ${runs}, count + page of 50)`);
    }
    await registry.close();
    const out = path.join(ROOT, 'test-artifacts', 'bench', 'pc-filter.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ pcs, programRows: Number(rows), seedSec, dbBytes, results }, null, 2));
    console.log(`wrote ${path.relative(ROOT, out)}`);
  } finally {
    await store.close();
    if (!values['keep-data']) fs.rmSync(work, { recursive: true, force: true });
    else console.log(`data kept in ${work}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
