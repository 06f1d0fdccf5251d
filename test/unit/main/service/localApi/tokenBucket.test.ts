import { TokenBucket } from '../../../../../src/main/service/localApi/tokenBucket';

describe('TokenBucket', () => {
  it('allows a burst, then refuses until the clock has refilled a token', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 2, burst: 3, clock: { now: () => now } });
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 499;
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than its burst, however long it was quiet', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 100, burst: 2, clock: { now: () => now } });
    now += 3_600_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it('ignores a clock that goes backwards', () => {
    let now = 10_000;
    const bucket = new TokenBucket({ perSecond: 1, burst: 1, clock: { now: () => now } });
    expect(bucket.take()).toBe(true);
    now = 0;
    expect(bucket.take()).toBe(false);
  });
});
