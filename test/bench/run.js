// `npm run bench`: every benchmark in turn, each printing its figures next to the baseline it measured in the same run
// and writing JSON under test-artifacts/bench/. Pass --quick for a short smoke run of each.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const quick = process.argv.includes('--quick');
const benches = [
  ['agent inventory vs fusioninventory-agent', 'agentInventory.bench.js', quick ? ['--runs', '2'] : []],
  ['agent at idle', 'agentIdle.bench.js', quick ? ['--quick'] : []],
  ['server at scale vs bare ws', 'serverScale.bench.js', quick ? ['--quick'] : []],
  ['job dispatch vs bare ws fan-out', 'jobDispatch.bench.js', quick ? ['--agents', '1000', '--single', '50'] : []],
  ['metrics write vs the json_each statement', 'metricsWrite.bench.js', quick ? ['--pcs', '2000', '--rounds', '5'] : []],
  ['job rows write vs the index before 0023', 'jobRowsWrite.bench.js', quick ? ['--pcs', '2000', '--pushes', '2'] : []],
];

let failed = 0;
for (const [title, file, args] of benches) {
  console.log(`\n=== ${title} (${file}) ===`);
  const r = spawnSync(process.execPath, [path.join(__dirname, file), ...args], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
