import { LoginThrottle } from '../../../../src/server/domain/loginThrottle';

describe('LoginThrottle', () => {
  let now: number;
  const clock = { now: () => now };
  beforeEach(() => {
    now = Date.parse('2026-12-01T08:00:00Z');
  });

  it('allows four failures, then locks for 1 s, 2 s, 4 s … after each further one', () => {
    const t = new LoginThrottle({ clock });
    for (let i = 0; i < 4; i++) {
      t.recordFailure('u:budi');
      expect(t.check('u:budi')).toEqual({ allowed: true });
    }
    t.recordFailure('u:budi');
    expect(t.check('u:budi')).toEqual({ allowed: false, retryAfterMs: 1000 });
    now += 1000;
    expect(t.check('u:budi')).toEqual({ allowed: true });
    t.recordFailure('u:budi');
    expect(t.check('u:budi')).toEqual({ allowed: false, retryAfterMs: 2000 });
    now += 2000;
    t.recordFailure('u:budi');
    expect(t.check('u:budi')).toEqual({ allowed: false, retryAfterMs: 4000 });
  });

  it('says which failure starts a lock-out, once per run of failures', () => {
    const t = new LoginThrottle({ clock, maxFailures: 3 });
    expect([1, 2, 3, 4, 5].map(() => t.recordFailure('u:x'))).toEqual([false, false, true, false, false]);
    t.recordSuccess('u:x');
    expect([1, 2, 3].map(() => t.recordFailure('u:x'))).toEqual([false, false, true]);
  });

  it('caps the lock-out at maxLockMs', () => {
    const t = new LoginThrottle({ clock, maxFailures: 1, baseLockMs: 1000, maxLockMs: 60_000 });
    for (let i = 0; i < 40; i++) t.recordFailure('ip:10.0.0.1');
    expect(t.check('ip:10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 60_000 });
  });

  it('clears a key on success and keeps keys apart', () => {
    const t = new LoginThrottle({ clock, maxFailures: 2 });
    t.recordFailure('u:a');
    t.recordFailure('u:a');
    expect(t.check('u:a').allowed).toBe(false);
    expect(t.check('u:b').allowed).toBe(true);
    t.recordSuccess('u:a');
    expect(t.check('u:a').allowed).toBe(true);
  });

  it('forgets failures after forgetAfterMs without new ones', () => {
    const t = new LoginThrottle({ clock, maxFailures: 3, forgetAfterMs: 60_000 });
    t.recordFailure('u:a');
    t.recordFailure('u:a');
    now += 60_001;
    t.recordFailure('u:a');
    expect(t.check('u:a').allowed).toBe(true);
  });

  it('remembers at most maxKeys keys, dropping the oldest', () => {
    const t = new LoginThrottle({ clock, maxFailures: 1, maxKeys: 2 });
    t.recordFailure('u:1');
    t.recordFailure('u:2');
    t.recordFailure('u:3');
    expect(t.check('u:1').allowed).toBe(true);
    expect(t.check('u:3').allowed).toBe(false);
  });
});
