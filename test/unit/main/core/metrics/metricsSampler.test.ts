import { readFileSync } from 'node:fs';
import { silentLogger } from '../../../../../src/shared/logger';
import { createAjv } from '../../../../../src/shared/protocol/codec';
import { MetricsSampleSchema } from '../../../../../src/shared/protocol/inventory';
import {
  createMetricsSampler,
  networkRates,
  pickLoggedInUser,
  type MetricsSystemInformation,
} from '../../../../../src/main/core/metrics/metricsSampler';

const validate = createAjv().compile(MetricsSampleSchema);

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/** A PC whose network counters grow by `rxStep`/`txStep` bytes per call; `calls` counts probes. */
function fakeSi(overrides: Partial<MetricsSystemInformation> = {}) {
  const calls: Record<string, number> = {};
  let rx = 1_000_000;
  let tx = 500_000;
  const count = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const si: MetricsSystemInformation = {
    currentLoad: async () => (count('currentLoad'), { currentLoad: 37.26 }),
    mem: async () => (count('mem'), { total: 16_000_000_000, available: 6_000_000_000 }),
    fsSize: async () => (
      count('fsSize'),
      [
        { fs: '/dev/nvme0n1p2', type: 'ext4', size: 5e11, used: 1e11, available: 3.75e11, mount: '/' },
        { fs: 'tmpfs', type: 'tmpfs', size: 8e9, used: 0, available: 8e9, mount: '/run' },
      ]
    ),
    networkStats: async () => {
      count('networkStats');
      rx += 4_000;
      tx += 1_000;
      return [{ iface: 'eth0', rx_bytes: rx, tx_bytes: tx }];
    },
    users: async () => (
      count('users'),
      [
        { user: 'zoe', tty: 'pts/0', date: '', time: '', ip: '10.0.0.7' },
        { user: 'ana', tty: 'tty2', date: '', time: '', ip: '' },
      ]
    ),
    ...overrides,
  };
  return { si, calls };
}

describe('createMetricsSampler', () => {
  describe('sample', () => {
    it('reports load, memory, free disk, uptime and the local user', async () => {
      const { si } = fakeSi();
      const sampler = createMetricsSampler({ si, logger: silentLogger, now: () => Date.parse('2024-05-02T10:00:00Z') });
      const s = await sampler.sample();
      expect(validate(s)).toBe(true);
      expect(s).toEqual({
        sampledAt: '2024-05-02T10:00:00.000Z',
        cpuLoadPercent: 37.3,
        memTotalBytes: 16_000_000_000,
        memUsedBytes: 10_000_000_000,
        diskFree: [{ mount: '/', freeBytes: 375_000_000_000 }],
        uptimeSec: expect.any(Number),
        loggedInUser: 'ana',
      });
      expect(Number.isInteger(s.uptimeSec)).toBe(true);
    });

    it('leaves network rates out of the first sample and derives them from counter deltas after', async () => {
      const { si } = fakeSi();
      let t = 1_000_000;
      const sampler = createMetricsSampler({ si, logger: silentLogger, now: () => t });
      const first = await sampler.sample();
      expect(first).not.toHaveProperty('netRxBytesPerSec');
      t += 2_000;
      const second = await sampler.sample();
      expect(second.netRxBytesPerSec).toBe(2_000);
      expect(second.netTxBytesPerSec).toBe(500);
    });

    it('reuses the logged-in user for a while instead of listing sessions every 2 s', async () => {
      const { si, calls } = fakeSi();
      let t = 0;
      const sampler = createMetricsSampler({ si, logger: silentLogger, now: () => t, usersRefreshMs: 30_000 });
      for (let i = 0; i < 5; i++, t += 2_000) expect((await sampler.sample()).loggedInUser).toBe('ana');
      expect(calls.users).toBe(1);
      t += 30_000;
      await sampler.sample();
      expect(calls.users).toBe(2);
    });

    it('leaves out a part whose probe hangs, says why, and does not start it again while it hangs', async () => {
      const before = activeTimers();
      const { si, calls } = fakeSi({
        fsSize: () => {
          calls.fsSize = (calls.fsSize ?? 0) + 1;
          return new Promise(() => {});
        },
      });
      const sampler = createMetricsSampler({ si, logger: silentLogger, sectionTimeoutMs: 50 });
      const first = await sampler.sample();
      expect(first.problems).toEqual({ disk: 'timed out after 50 ms' });
      expect(first.diskFree).toBeUndefined();
      expect(first.cpuLoadPercent).toBe(37.3);
      expect(validate(first)).toBe(true);
      const second = await sampler.sample();
      expect(second.problems).toEqual({ disk: 'the previous probe has not finished yet' });
      expect(calls.fsSize).toBe(1);
      expect(activeTimers()).toBeLessThanOrEqual(before);
    });

    it('reports a probe that throws and keeps the rest', async () => {
      const { si } = fakeSi({ mem: async () => Promise.reject(new Error('/proc/meminfo: EACCES')) });
      const s = await createMetricsSampler({ si, logger: silentLogger }).sample();
      expect(s.problems).toEqual({ memory: '/proc/meminfo: EACCES' });
      expect(s).not.toHaveProperty('memUsedBytes');
      expect(s.loggedInUser).toBe('ana');
    });

    it('clamps a load figure outside 0-100', async () => {
      const { si } = fakeSi({ currentLoad: async () => ({ currentLoad: 100.0000001 }) });
      expect((await createMetricsSampler({ si, logger: silentLogger }).sample()).cpuLoadPercent).toBe(100);
    });
  });

  // Children's CPU (df, who, cat …) is charged to this process once they are reaped: /proc/self/stat fields 16-17.
  function cpuMsWithChildren(): number {
    const own = process.cpuUsage();
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return (own.user + own.system) / 1000 + ticks * 10;
  }

  (process.platform === 'linux' ? describe : describe.skip)('on this machine', () => {
    it('takes well under 200 ms of CPU per sample, children included', async () => {
      const sampler = createMetricsSampler({ logger: silentLogger });
      await sampler.sample(); // primes systeminformation's load counters and the user cache
      const runs = 10;
      const start = cpuMsWithChildren();
      let last;
      for (let i = 0; i < runs; i++) last = await sampler.sample();
      const perSample = (cpuMsWithChildren() - start) / runs;
      expect(validate(last)).toBe(true);
      expect(last?.memTotalBytes).toBeGreaterThan(0);
      expect(perSample).toBeLessThan(50);
    });
  });
});

describe('pickLoggedInUser', () => {
  it('prefers a local session and orders by name', () => {
    expect(pickLoggedInUser([{ user: 'bob', tty: 'pts/3', date: '', time: '', ip: '10.1.1.1' }])).toBe('bob');
    expect(pickLoggedInUser([])).toBeUndefined();
    expect(
      pickLoggedInUser([
        { user: 'zed', tty: ':0', date: '', time: '', ip: '' },
        { user: 'amy', tty: 'pts/1', date: '', time: '', ip: '192.168.0.2' },
      ]),
    ).toBe('zed');
  });
});

describe('networkRates', () => {
  const at = (t: number, rx: number, tx: number) => ({ at: t, byIface: new Map([['eth0', { rx, tx }]]) });

  it('skips a counter that went backwards and windows that make no sense', () => {
    expect(networkRates(at(0, 100, 100), at(1000, 50, 200))).toBeUndefined();
    expect(networkRates(at(1000, 0, 0), at(1000, 10, 10))).toBeUndefined();
    expect(networkRates(at(0, 0, 0), at(60 * 60 * 1000, 10, 10))).toBeUndefined();
    expect(networkRates(at(0, 0, 0), at(500, 1000, 0))).toEqual({ rx: 2000, tx: 0 });
  });
});
