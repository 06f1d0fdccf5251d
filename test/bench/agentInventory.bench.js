// One full inventory, ours against FusionInventory's agent (the GLPI agent's predecessor, in Debian): wall time of a
// fresh process each, N runs alternating, medians and their ratio; installed-software counts; and which hardware
// sections FusionInventory reports that ours lacks. Target: ours ≤ 0.8× FusionInventory's time, same software count.
// Runs against dist/ (built with `npx tsc -p tsconfig.build.json` when missing). Usage:
//   node test/bench/agentInventory.bench.js [--runs 5]   → table on stdout, JSON in test-artifacts/bench/agent-inventory.json
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DIST_COLLECTOR = path.join(ROOT, 'dist/main/core/inventory/collectInventory.js');
const FUSION = 'fusioninventory-inventory';
const TARGET_RATIO = 0.8;

/**
 * FusionInventory's top-level sections (children of <CONTENT>) mapped to ours. Sections about the agent itself
 * (versions, the time of the run) are not inventory and are left out of the comparison.
 */
const SECTION_MAP = {
  BIOS: ['bios', 'system', 'baseboard'],
  HARDWARE: ['system', 'os', 'memory'],
  OPERATINGSYSTEM: ['os'],
  CPUS: ['cpu'],
  MEMORIES: ['memory'],
  STORAGES: ['disks'],
  DRIVES: ['fileSystems'],
  VIDEOS: ['gpus'],
  CONTROLLERS: ['controllers'],
  MONITORS: ['displays'],
  NETWORKS: ['network'],
  USERS: ['users'],
  BATTERIES: ['battery'],
  SOFTWARES: ['software'],
};
const AGENT_METADATA = new Set(['VERSIONCLIENT', 'VERSIONPROVIDER', 'ACCESSLOG']);
/** FusionInventory sections about the system's software and state rather than its hardware (the target is hardware). */
const NOT_HARDWARE = new Set(['ENVS', 'FIREWALL', 'LOCAL_GROUPS', 'LOCAL_USERS', 'PROCESSES', 'ANTIVIRUS', 'LICENSEINFOS', 'REMOTE_MGMT', 'VIRTUALMACHINES', 'RUDDER']);

function which(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' }).status === 0;
}

function ensureFusionInventory(log) {
  if (which(FUSION)) return;
  log('installing fusioninventory-agent from apt…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'fusioninventory-agent']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed: ${(r.stderr || '').trim().split('\n').pop()}`);
  }
  if (!which(FUSION)) throw new Error(`${FUSION} is still missing after installing fusioninventory-agent`);
}

function ensureBuilt(log) {
  if (fs.existsSync(DIST_COLLECTOR)) return;
  log('building dist/ (npx tsc -p tsconfig.build.json)…');
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(DIST_COLLECTOR)) throw new Error('the build failed');
}

/** Runs a command to its end; resolves with wall time (ms), stdout and exit code. */
function timed(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

/** A fresh Node process that loads the collector from dist/, collects one inventory and prints it. */
const OURS_SCRIPT = `
const { collectInventory } = require(${JSON.stringify(DIST_COLLECTOR)});
const { createCommandRunner } = require(${JSON.stringify(path.join(ROOT, 'dist/main/core/process/commandRunner.js'))});
const { silentLogger } = require(${JSON.stringify(path.join(ROOT, 'dist/shared/logger.js'))});
collectInventory({ machineId: 'bench', runner: createCommandRunner(), logger: silentLogger })
  .then((inv) => process.stdout.write(JSON.stringify(inv)));
`;

async function runOurs() {
  const r = await timed(process.execPath, ['-e', OURS_SCRIPT], { cwd: ROOT });
  if (r.code !== 0) throw new Error(`our collector exited with ${r.code}: ${r.stderr.trim()}`);
  return { ms: r.ms, inventory: JSON.parse(r.stdout) };
}

async function runTheirs() {
  // Without --local/--server it prints the XML inventory on stdout and contacts nothing.
  const r = await timed(FUSION, [], { cwd: os.tmpdir() });
  if (r.code !== 0) throw new Error(`${FUSION} exited with ${r.code}: ${r.stderr.trim()}`);
  return { ms: r.ms, xml: r.stdout };
}

/** Counts of each element directly under <CONTENT> (a tiny tag walk: the XML is flat and machine-written). */
function contentSections(xml) {
  const start = xml.indexOf('<CONTENT>');
  const end = xml.lastIndexOf('</CONTENT>');
  const body = start >= 0 && end > start ? xml.slice(start + '<CONTENT>'.length, end) : '';
  const counts = {};
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (closing) depth--;
    else {
      if (depth === 0) counts[name] = (counts[name] || 0) + 1;
      if (!selfClosing) depth++;
    }
  }
  return counts;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function benchAgentInventory({ runs = 5, log = () => {} } = {}) {
  ensureFusionInventory(log);
  ensureBuilt(log);
  // One untimed run each: page cache, dpkg database and Perl modules warm for both.
  await runOurs();
  await runTheirs();

  const ours = [];
  const theirs = [];
  let lastOurs;
  let lastTheirs;
  for (let i = 0; i < runs; i++) {
    // Alternate who goes first, so a slow moment of the machine does not always land on the same side.
    const order = i % 2 === 0 ? ['ours', 'theirs'] : ['theirs', 'ours'];
    for (const who of order) {
      if (who === 'ours') {
        lastOurs = await runOurs();
        ours.push(lastOurs.ms);
      } else {
        lastTheirs = await runTheirs();
        theirs.push(lastTheirs.ms);
      }
      log(`run ${i + 1}/${runs} ${who}: ${Math.round(who === 'ours' ? lastOurs.ms : lastTheirs.ms)} ms`);
    }
  }

  const sections = contentSections(lastTheirs.xml);
  const inventory = lastOurs.inventory;
  const ourSections = new Set(
    Object.keys(inventory).filter((k) => !['machineId', 'collectedAt', 'problems'].includes(k)),
  );
  const theirSections = Object.keys(sections)
    .filter((s) => !AGENT_METADATA.has(s))
    .sort();
  const lacking = theirSections.filter((s) => !(SECTION_MAP[s] || []).some((ours) => ourSections.has(ours)));
  const oursMedian = median(ours);
  const theirsMedian = median(theirs);
  const ourSoftware = (inventory.software || []).length;
  const theirSoftware = sections.SOFTWARES || 0;
  return {
    runs,
    machine: {
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
      platform: `${os.platform()} ${os.release()}`,
    },
    ours: {
      timesMs: ours.map(Math.round),
      medianMs: Math.round(oursMedian),
      softwareCount: ourSoftware,
      problems: inventory.problems,
    },
    fusionInventory: {
      timesMs: theirs.map(Math.round),
      medianMs: Math.round(theirsMedian),
      softwareCount: theirSoftware,
      sections,
    },
    ratio: Math.round((oursMedian / theirsMedian) * 1000) / 1000,
    target: { ratio: TARGET_RATIO, sameSoftwareCount: true },
    meetsTimeTarget: oursMedian <= TARGET_RATIO * theirsMedian,
    sameSoftwareCount: ourSoftware === theirSoftware,
    sectionsWeLack: lacking,
    hardwareSectionsWeLack: lacking.filter((s) => !NOT_HARDWARE.has(s)),
  };
}

module.exports = { benchAgentInventory, contentSections };

if (require.main === module) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
  benchAgentInventory({ runs, log: (m) => console.error(m) })
    .then((r) => {
      const row = (label, a, b) =>
        console.log(`  ${label.padEnd(26)}${String(a).padStart(14)}${String(b).padStart(18)}`);
      console.log(
        `agent inventory, ${r.runs} runs each (alternating), ${r.machine.cpus} CPUs, load ${r.machine.loadavg.join(' ')}`,
      );
      row('', 'pasang', 'fusioninventory');
      row('median wall time (ms)', r.ours.medianMs, r.fusionInventory.medianMs);
      row('installed software', r.ours.softwareCount, r.fusionInventory.softwareCount);
      console.log(
        `  runs (ms): pasang ${r.ours.timesMs.join(' ')}; fusioninventory ${r.fusionInventory.timesMs.join(' ')}`,
      );
      console.log(
        `  ratio ours/theirs ${r.ratio} (target ≤ ${r.target.ratio}: ${r.meetsTimeTarget ? 'met' : 'NOT met'}); same software count: ${r.sameSoftwareCount ? 'yes' : 'NO'}`,
      );
      console.log(`  hardware sections fusioninventory reports that we lack: ${r.hardwareSectionsWeLack.join(', ') || 'none'}`);
      const other = r.sectionsWeLack.filter((s) => !r.hardwareSectionsWeLack.includes(s));
      console.log(`  other sections it reports that we do not collect: ${other.join(', ') || 'none'}`);
      if (Object.keys(r.ours.problems).length > 0) console.log(`  our problems: ${JSON.stringify(r.ours.problems)}`);
      fs.mkdirSync(path.join(ROOT, 'test-artifacts/bench'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, 'test-artifacts/bench/agent-inventory.json'), JSON.stringify(r, null, 2));
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
