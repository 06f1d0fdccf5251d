/**
 * CPU load over the interval since the previous call, from the kernel's per-CPU time counters (os.cpus()). Same
 * figure as systeminformation's currentLoad(), which on Linux also runs a shell each call to read /proc/stat and
 * waits 500 ms on its first call; this does neither.
 */
import os from 'node:os';
import type { SiCurrentLoad } from '../inventory/systemInformationLike';

interface Totals {
  busy: number;
  total: number;
}

function totals(cpus: readonly os.CpuInfo[]): Totals {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * The first call measures from the moment the probe was created, so create it once and keep it; with no time
 * elapsed at all it answers the average since boot.
 */
export function createCpuLoadProbe(cpus: () => os.CpuInfo[] = os.cpus): () => Promise<SiCurrentLoad> {
  let previous = totals(cpus());
  return async () => {
    const now = totals(cpus());
    const dTotal = now.total - previous.total;
    const dBusy = now.busy - previous.busy;
    const since = dTotal > 0 ? { busy: dBusy, total: dTotal } : now;
    previous = now;
    return { currentLoad: since.total > 0 ? (100 * since.busy) / since.total : 0 };
  };
}
