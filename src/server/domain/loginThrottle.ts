/**
 * Login throttling: failures are counted per key (a username, an IP address); once a key reaches `maxFailures`, every
 * further failure locks it for twice as long as the one before, up to `maxLockMs`. A success clears the key. Kept in
 * memory: a restart forgets the counts, which costs an attacker nothing they could not get by waiting `maxLockMs`.
 */
import type { Clock } from './clock';

export interface LoginThrottleOptions {
  clock: Clock;
  /** Failures allowed before the first lock-out. @default 5 */
  maxFailures?: number;
  /** The first lock-out; each further failure doubles it. @default 1000 (1 s) */
  baseLockMs?: number;
  /** @default 900000 (15 min) */
  maxLockMs?: number;
  /** A key without failures for this long is forgotten. @default 3600000 (1 h) */
  forgetAfterMs?: number;
  /** Keys remembered at most (oldest dropped first), so a spray of usernames cannot grow memory without bound. @default 50000 */
  maxKeys?: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly maxFailures: number;
  private readonly baseLockMs: number;
  private readonly maxLockMs: number;
  private readonly forgetAfterMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginThrottleOptions) {
    this.clock = options.clock;
    this.maxFailures = options.maxFailures ?? 5;
    this.baseLockMs = options.baseLockMs ?? 1000;
    this.maxLockMs = options.maxLockMs ?? 15 * 60_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 3_600_000;
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /** Whether an attempt for `key` may go ahead now. */
  check(key: string): ThrottleVerdict {
    const e = this.current(key);
    const now = this.clock.now();
    return e && e.lockedUntil > now ? { allowed: false, retryAfterMs: e.lockedUntil - now } : { allowed: true };
  }

  /** Counts a failure; true when it is the one that first locks the key (worth recording, once per lock-out run). */
  recordFailure(key: string): boolean {
    const now = this.clock.now();
    const e = this.current(key) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    e.failures += 1;
    e.lastFailureAt = now;
    if (e.failures >= this.maxFailures) {
      const lock = Math.min(this.maxLockMs, this.baseLockMs * 2 ** Math.min(30, e.failures - this.maxFailures));
      e.lockedUntil = now + lock;
    }
    this.entries.delete(key); // re-inserted last: the Map's order is the eviction order
    this.entries.set(key, e);
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return e.failures === this.maxFailures;
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && this.clock.now() - e.lastFailureAt > this.forgetAfterMs && e.lockedUntil <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}
