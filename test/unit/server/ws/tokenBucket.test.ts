import { TokenBucket } from '../../../../src/server/ws/tokenBucket';

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate', () => {
    let t = 0;
    const b = new TokenBucket(10, 3, () => t);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    t += 100; // one token
    expect([b.take(), b.take()]).toEqual([true, false]);
    t += 10_000; // never beyond the burst
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
  });
});
