import type os from 'node:os';
import { createCpuLoadProbe } from '../../../../../src/main/core/metrics/cpuLoad';

function cpu(user: number, sys: number, idle: number): os.CpuInfo {
  return { model: 'x', speed: 0, times: { user, nice: 0, sys, idle, irq: 0 } };
}

describe('createCpuLoadProbe', () => {
  it('measures the busy share of CPU time since the previous call, over all CPUs', async () => {
    const snapshots = [
      [cpu(100, 100, 800), cpu(100, 100, 800)],
      [cpu(150, 150, 900), cpu(100, 100, 1000)], // +100 busy, +300 idle
      [cpu(150, 150, 900), cpu(100, 100, 1000)], // nothing elapsed
    ];
    let i = 0;
    const probe = createCpuLoadProbe(() => snapshots[Math.min(i++, snapshots.length - 1)]!);
    expect((await probe()).currentLoad).toBeCloseTo(25);
    // With no time elapsed it falls back to the average since boot: 500 busy of 2400.
    expect((await probe()).currentLoad).toBeCloseTo((100 * 500) / 2400);
  });

  it('answers a figure between 0 and 100 on this machine', async () => {
    const probe = createCpuLoadProbe();
    await new Promise((r) => setTimeout(r, 50));
    const { currentLoad } = await probe();
    expect(currentLoad).toBeGreaterThanOrEqual(0);
    expect(currentLoad).toBeLessThanOrEqual(100);
  });
});
