/**
 * Live state of this PC (CPU load, memory, free disk, network throughput, uptime, who is logged in), sampled every
 * 2 s while someone watches it. Each part has its own timeout; a failing part is left out and named in `problems`.
 */
import os from 'node:os';
import type { Logger } from '../../../shared/logger';
import { readLinuxFsSize } from '../inventory/linux/fsStatfs';
import { readLinuxNetworkCounters } from '../inventory/linux/netSysfs';
import type { MetricsSample } from '../../../shared/protocol/inventory';
import { mapFileSystems } from '../inventory/hostSections';
import { runSection } from '../inventory/runSection';
import { compareText, int, text } from '../inventory/schemaValues';
import {
  realSystemInformation,
  type SiNetworkStats,
  type SiUser,
  type SystemInformationLike,
} from '../inventory/systemInformationLike';
import { createCpuLoadProbe } from './cpuLoad';

export type MetricsSystemInformation = Pick<
  SystemInformationLike,
  'currentLoad' | 'mem' | 'fsSize' | 'networkStats' | 'users'
>;

export interface MetricsSamplerOptions {
  /**
   * @default systeminformation for memory and sessions; CPU load from os.cpus(); on Linux, file systems and network
   * counters read from /proc and /sys (no shell per sample)
   */
  si?: MetricsSystemInformation;
  logger: Logger;
  /** Each part's deadline. @default 5_000 */
  sectionTimeoutMs?: number;
  /**
   * How long the logged-in user is reused. Listing sessions runs `who` and `w` (the most expensive part of a
   * sample) to learn something that changes a few times a day. @default 30_000
   */
  usersRefreshMs?: number;
  /** Wall clock in ms; rates are computed from its deltas. @default Date.now */
  now?: () => number;
}

export interface MetricsSampler {
  sample(): Promise<MetricsSample>;
}

type Part = 'cpu' | 'memory' | 'disk' | 'network' | 'users';

interface Counters {
  at: number;
  byIface: Map<string, { rx: number; tx: number }>;
}

/** Rates are meaningless across a long gap (sleep, suspended agent) or a clock step backwards. */
const MAX_RATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * The person at the PC: a session on a local console or display (tty1, :0, console, Windows' "Console") before a
 * remote one, each group in name order so the answer is stable.
 */
export function pickLoggedInUser(users: readonly SiUser[]): string | undefined {
  const local = (u: SiUser) => /^(tty\d*|:\d+|console|seat\d*)$/i.test((u.tty ?? '').trim()) || !u.ip;
  const sorted = users
    .filter((u) => text(u.user, 256) !== undefined)
    .sort((a, b) => Number(local(b)) - Number(local(a)) || compareText(a.user, b.user));
  return text(sorted[0]?.user, 256);
}

/** Bytes per second over every interface seen in both samples; undefined when there is no earlier sample to compare. */
export function networkRates(
  previous: Counters | undefined,
  current: Counters,
): { rx: number; tx: number } | undefined {
  if (!previous) return undefined;
  const elapsedMs = current.at - previous.at;
  if (elapsedMs <= 0 || elapsedMs > MAX_RATE_WINDOW_MS) return undefined;
  let rx = 0;
  let tx = 0;
  let compared = 0;
  for (const [iface, now] of current.byIface) {
    const before = previous.byIface.get(iface);
    // A counter that went down was reset (interface re-created, driver reloaded): no rate from it this time.
    if (!before || now.rx < before.rx || now.tx < before.tx) continue;
    rx += now.rx - before.rx;
    tx += now.tx - before.tx;
    compared++;
  }
  if (compared === 0) return undefined;
  return { rx: (rx * 1000) / elapsedMs, tx: (tx * 1000) / elapsedMs };
}

function counters(stats: readonly SiNetworkStats[], at: number): Counters {
  const byIface = new Map<string, { rx: number; tx: number }>();
  for (const s of stats) {
    const rx = int(s.rx_bytes);
    const tx = int(s.tx_bytes);
    if (rx !== undefined && tx !== undefined) byIface.set(s.iface, { rx, tx });
  }
  return { at, byIface };
}

/** The probes a sampler uses when none are injected: see MetricsSamplerOptions.si. */
export function defaultMetricsSystemInformation(
  platform: NodeJS.Platform = process.platform,
): MetricsSystemInformation {
  const base: MetricsSystemInformation = { ...realSystemInformation, currentLoad: createCpuLoadProbe() };
  if (platform !== 'linux') return base;
  return { ...base, fsSize: () => readLinuxFsSize(), networkStats: () => readLinuxNetworkCounters() };
}

export function createMetricsSampler(options: MetricsSamplerOptions): MetricsSampler {
  const si = options.si ?? defaultMetricsSystemInformation();
  const logger = options.logger;
  const timeoutMs = options.sectionTimeoutMs ?? 5_000;
  const usersRefreshMs = options.usersRefreshMs ?? 30_000;
  const now = options.now ?? Date.now;

  let previousCounters: Counters | undefined;
  let user: { value: string | undefined; at: number } | undefined;
  // A probe that hangs (df on a dead network mount) must not be started again every 2 s and pile up.
  const inFlight = new Map<Part, Promise<unknown>>();

  function guarded<T>(part: Part, probe: () => Promise<T>): () => Promise<T> {
    return () => {
      const running = inFlight.get(part);
      if (running) return Promise.reject(new Error('the previous probe has not finished yet'));
      const p = probe().finally(() => inFlight.delete(part));
      inFlight.set(part, p);
      return p;
    };
  }

  async function loggedInUser(): Promise<string | undefined> {
    const t = now();
    if (user && t - user.at >= 0 && t - user.at < usersRefreshMs) return user.value;
    const value = pickLoggedInUser(await si.users());
    user = { value, at: t };
    return value;
  }

  async function sample(): Promise<MetricsSample> {
    const sampledAt = new Date(now()).toISOString();
    const [cpu, memory, disk, network, users] = await Promise.all([
      runSection(
        guarded('cpu', () => si.currentLoad()),
        timeoutMs,
      ),
      runSection(
        guarded('memory', () => si.mem()),
        timeoutMs,
      ),
      runSection(
        guarded('disk', () => si.fsSize()),
        timeoutMs,
      ),
      runSection(
        guarded('network', async () => counters(await si.networkStats(), now())),
        timeoutMs,
      ),
      runSection(guarded('users', loggedInUser), timeoutMs),
    ]);

    const out: MetricsSample = { sampledAt };
    const problems: Record<string, string> = {};
    if (cpu.ok) {
      const load = cpu.value.currentLoad;
      if (Number.isFinite(load)) out.cpuLoadPercent = Math.min(100, Math.max(0, Math.round(load * 10) / 10));
    } else problems.cpu = cpu.reason;
    if (memory.ok) {
      const total = int(memory.value.total);
      const available = int(memory.value.available);
      if (total !== undefined) {
        out.memTotalBytes = total;
        // "available" excludes reclaimable cache: used is what programs hold, as Task Manager shows it.
        if (available !== undefined) out.memUsedBytes = Math.max(0, total - available);
      }
    } else problems.memory = memory.reason;
    if (disk.ok) {
      out.diskFree = mapFileSystems(disk.value)
        .slice(0, 64)
        .map((f) => ({ mount: f.mount, freeBytes: f.freeBytes }));
    } else problems.disk = disk.reason;
    if (network.ok) {
      const rates = networkRates(previousCounters, network.value);
      previousCounters = network.value;
      if (rates) {
        out.netRxBytesPerSec = Math.round(rates.rx);
        out.netTxBytesPerSec = Math.round(rates.tx);
      }
    } else problems.network = network.reason;
    out.uptimeSec = Math.floor(os.uptime());
    if (users.ok) {
      if (users.value !== undefined) out.loggedInUser = users.value;
    } else problems.users = users.reason;

    if (Object.keys(problems).length > 0) {
      out.problems = problems;
      logger.debug('metrics sample partial', { problems });
    }
    return out;
  }

  return { sample };
}
