import { problemText, runSection } from '../../../../../src/main/core/inventory/runSection';

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('runSection', () => {
  it('returns the value of a probe that answers in time', async () => {
    const outcome = await runSection(async () => 42, 1000);
    expect(outcome).toMatchObject({ ok: true, value: 42 });
  });

  it('gives up on a probe that never answers and says after how long', async () => {
    const before = activeTimers();
    const outcome = await runSection(() => new Promise<never>(() => {}), 50);
    expect(outcome).toMatchObject({ ok: false, reason: 'timed out after 50 ms' });
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('clears its deadline when the probe answers first', async () => {
    const before = activeTimers();
    await runSection(async () => 'fast', 60_000);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('reports a probe that throws, even synchronously, by the first line of its message', async () => {
    const outcome = await runSection(() => {
      throw new Error('dmidecode failed\n  at line 2');
    }, 1000);
    expect(outcome).toMatchObject({ ok: false, reason: 'dmidecode failed' });
  });

  it('survives a probe that rejects after its deadline', async () => {
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('too late')), 30));
    const outcome = await runSection(() => late, 5);
    expect(outcome.ok).toBe(false);
    await expect(late).rejects.toThrow('too late');
  });
});

describe('problemText', () => {
  it('makes one line of at most 1024 characters from anything thrown', () => {
    expect(problemText('plain string')).toBe('plain string');
    expect(problemText(new Error(`\n\n${'x'.repeat(2000)}\nmore`))).toHaveLength(1024);
  });
});
