#!/usr/bin/env node
'use strict';
/**
 * Where a server's CPU went during one phase of the benchmark: reads a V8 .cpuprofile (the server run with
 * `--cpu-prof`, see serverScale.bench.js --cpu-prof), keeps the samples between two marks of the benchmark's JSON
 * (both clocks are CLOCK_MONOTONIC) and prints self and inclusive time per function and self time per module.
 *
 *   node test/bench/simulator/profileSlice.js PROFILE.cpuprofile [--report server-scale.json --phase real:metrics:window]
 *        [--from-us N --to-us N] [--top 30] [--grep TEXT]
 *
 * --phase P takes the samples between marks `P:start` and `P:end` (the last such pair in the report).
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    report: { type: 'string' },
    phase: { type: 'string' },
    'from-us': { type: 'string' },
    'to-us': { type: 'string' },
    top: { type: 'string', default: '30' },
    grep: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  console.error(
    'usage: profileSlice.js PROFILE.cpuprofile [--report JSON --phase NAME] [--from-us N --to-us N] [--top N]',
  );
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8'));
let from = values['from-us'] ? Number(values['from-us']) : -Infinity;
let to = values['to-us'] ? Number(values['to-us']) : Infinity;
if (values.phase) {
  const report = JSON.parse(fs.readFileSync(values.report, 'utf8'));
  const marks = report.marks ?? [];
  const start = marks.filter((m) => m.name === `${values.phase}:start`).at(-1);
  const end = marks.filter((m) => m.name === `${values.phase}:end`).at(-1);
  if (!start || !end) throw new Error(`no marks ${values.phase}:start/end in ${values.report}`);
  from = start.monoUs;
  to = end.monoUs;
}
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function shortUrl(url) {
  if (!url) return '';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) return u.slice(nm + 'node_modules/'.length);
  const d = u.indexOf('/dist/');
  if (d >= 0) return u.slice(d + 1);
  return u.startsWith('node:') ? u : path.basename(u);
}
function key(node) {
  const f = node.callFrame;
  const name = f.functionName || '(anonymous)';
  return f.url ? `${name} ${shortUrl(f.url)}:${f.lineNumber + 1}` : name;
}
function moduleOf(node) {
  const u = shortUrl(node.callFrame.url);
  if (!u) return node.callFrame.functionName || '(native)';
  if (u.startsWith('dist/')) return u;
  if (u.startsWith('node:')) return u.split('/').slice(0, 2).join('/');
  return u.split('/')[0].startsWith('@') ? u.split('/').slice(0, 2).join('/') : u.split('/')[0];
}

const self = new Map();
const incl = new Map();
const mods = new Map();
let total = 0;
let t = profile.startTime;
const { samples, timeDeltas } = profile;
for (let i = 0; i < samples.length; i++) {
  t += timeDeltas[i];
  if (t < from || t > to) continue;
  const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
  const node = byId.get(samples[i]);
  total += dt;
  const k = key(node);
  self.set(k, (self.get(k) ?? 0) + dt);
  const m = moduleOf(node);
  mods.set(m, (mods.get(m) ?? 0) + dt);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const kk = key(byId.get(id));
    if (seen.has(kk)) continue;
    seen.add(kk);
    incl.set(kk, (incl.get(kk) ?? 0) + dt);
  }
}

const ms = (us) => (us / 1000).toFixed(0).padStart(8);
const pct = (us) => ((100 * us) / Math.max(1, total)).toFixed(1).padStart(5);
const show = (title, map, n) => {
  console.log(`\n${title}`);
  const rows = [...map.entries()]
    .filter(([k]) => !values.grep || k.includes(values.grep))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
  for (const [k, v] of rows) console.log(`${ms(v)} ms ${pct(v)}%  ${k}`);
};
console.log(
  `window ${((to === Infinity ? t : to) - (from === -Infinity ? profile.startTime : from)) / 1e6} s, sampled ${(total / 1e6).toFixed(2)} s`,
);
show('self time by function', self, top);
show('inclusive time by function', incl, top * 2);
show('self time by module', mods, top);
