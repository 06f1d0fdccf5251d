/**
 * A per-connection rate limit: a bucket of `burst` tokens refilled at `perSecond`, one token per frame. Time comes
 * from the injected clock, so a test drains and refills it without waiting.
 */
export interface Clock {
  now(): number;
}

export interface TokenBucketOptions {
  /** Sustained frames per second. @default 20 */
  perSecond?: number;
  /** Frames allowed at once after a quiet spell. @default 40 */
  burst?: number;
  /** @default Date.now */
  clock?: Clock;
}

export class TokenBucket {
  private readonly perMs: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor(options: TokenBucketOptions = {}) {
    this.perMs = (options.perSecond ?? 20) / 1000;
    this.burst = options.burst ?? 40;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Takes one token; false when the bucket is empty (the frame is refused, not queued). */
  take(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, now - this.last) * this.perMs);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
