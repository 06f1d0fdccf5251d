'use strict';
/**
 * A mergeable latency histogram: 1 ms buckets below 1 s, 100 ms buckets up to 10 min. Simulator processes fill their
 * own and the parent adds them up, so percentiles cover every agent without shipping every sample over IPC.
 */
const FINE = 1000;
const COARSE_MS = 100;
const SIZE = FINE + Math.ceil((600_000 - FINE) / COARSE_MS) + 1;

function createHistogram() {
  return { buckets: new Array(SIZE).fill(0), count: 0, sum: 0, max: 0 };
}

function record(h, ms) {
  const v = ms < 0 ? 0 : ms;
  const i = v < FINE ? Math.floor(v) : Math.min(SIZE - 1, FINE + Math.floor((v - FINE) / COARSE_MS));
  h.buckets[i] += 1;
  h.count += 1;
  h.sum += v;
  if (v > h.max) h.max = v;
}

function merge(into, from) {
  for (let i = 0; i < SIZE; i++) into.buckets[i] += from.buckets[i];
  into.count += from.count;
  into.sum += from.sum;
  if (from.max > into.max) into.max = from.max;
  return into;
}

/** Upper edge of the bucket holding the p-th percentile (0..100), in ms; null when empty. */
function percentile(h, p) {
  if (h.count === 0) return null;
  const rank = Math.ceil((p / 100) * h.count);
  let seen = 0;
  for (let i = 0; i < SIZE; i++) {
    seen += h.buckets[i];
    if (seen >= rank) return i < FINE ? i + 1 : FINE + (i - FINE + 1) * COARSE_MS;
  }
  return h.max;
}

function summary(h) {
  if (h.count === 0) return { count: 0 };
  return {
    count: h.count,
    meanMs: Math.round((h.sum / h.count) * 10) / 10,
    p50Ms: percentile(h, 50),
    p99Ms: percentile(h, 99),
    maxMs: Math.round(h.max),
  };
}

module.exports = { createHistogram, record, merge, percentile, summary };
