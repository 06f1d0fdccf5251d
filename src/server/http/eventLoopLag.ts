/**
 * How long the event loop was held: `takeMax` gives the longest wait since it was last called (for /metrics: the
 * longest the loop was held since the previous scrape), counting a wait still going on.
 *
 * A timer notes how much later than due it ran. Each wake-up of an idle process costs CPU (measured here: a 20 ms
 * timer alone is 0.9 % of a core; in a server holding 1,000 silent agents it was 0.6 of its 1.05 %), so the timer
 * ticks fast only while the loop is busy. While it is nearly idle it ticks slowly, and a block that fits between
 * two slow ticks is bounded by the loop's busy time since the tick before (libuv's idle-time metric,
 * `eventLoopUtilization`): no block can be longer than the time the loop was not waiting. That bound is what is
 * reported then: exact for one block, an over-estimate by the other work of the interval (at most `slowMs`, and only
 * on the tick where a quiet loop turns busy).
 *
 * Node's monitorEventLoopDelay cannot serve here: after `reset()` it drops its next interval, so a scrape-and-reset
 * histogram missed a block that began just after a scrape; and it wakes the loop every 10 ms, idle or not.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface EventLoopLagOptions {
  /** Tick while the loop is busy (ms). @default 20 */
  fastMs?: number;
  /**
   * Tick while it is nearly idle (ms); also the most a quiet interval's bound can over-estimate by. At 1,000 agents
   * (100 metrics a second) a 100 ms slow tick was a quarter of the server's wake-ups; ticking every second made each
   * stored sample 5.5 % cheaper (two servers measured side by side, 150 s). @default 1000
   */
  slowMs?: number;
  /** Busy time per slow tick (ms) above which the loop counts as busy and the timer ticks fast. @default 100 */
  busyMs?: number;
}

export class EventLoopLag {
  private max = 0;
  private due: number;
  private timer: NodeJS.Timeout;
  private fast = false;
  /** The loop's busy/idle counters at the last tick (or take). */
  private mark: EventLoopUtilization;
  /** Busy time since fast ticking began or was last reconsidered, and how long that span is. */
  private fastBusy = 0;
  private fastSpan = 0;
  private readonly fastMs: number;
  private readonly slowMs: number;
  private readonly busyMs: number;

  constructor(o: EventLoopLagOptions = {}) {
    this.fastMs = o.fastMs ?? 20;
    this.slowMs = o.slowMs ?? 1000;
    this.busyMs = o.busyMs ?? 100;
    this.mark = performance.eventLoopUtilization();
    this.due = performance.now() + this.slowMs;
    this.timer = this.arm(this.slowMs);
  }

  /** Ticks fast (true) or slowly (false) now: for tests and diagnostics. */
  get ticksFast(): boolean {
    return this.fast;
  }

  /** The longest wait in ms since the last call, counting a wait that is still going on. */
  takeMax(): number {
    const now = performance.now();
    let max = Math.max(this.max, now - this.due, 0);
    if (!this.fast) max = Math.max(max, this.busySinceMark());
    this.max = 0;
    return max;
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private arm(ms: number): NodeJS.Timeout {
    const t = setTimeout(() => this.tick(), ms);
    t.unref();
    return t;
  }

  /** Busy ms since the mark; moves the mark to now. */
  private busySinceMark(): number {
    const prev = this.mark;
    this.mark = performance.eventLoopUtilization();
    return this.mark.active - prev.active;
  }

  private tick(): void {
    const now = performance.now();
    const late = Math.max(0, now - this.due);
    const busy = this.busySinceMark();
    if (this.fast) {
      this.max = Math.max(this.max, late);
      this.fastBusy += busy;
      this.fastSpan += now - (this.due - this.fastMs);
      if (this.fastSpan >= this.slowMs) {
        // Quiet for a whole slow tick's span: back to slow ticking.
        if (this.fastBusy < this.busyMs) this.fast = false;
        this.fastBusy = 0;
        this.fastSpan = 0;
      }
    } else {
      this.max = Math.max(this.max, late, busy);
      if (busy >= this.busyMs) {
        this.fast = true;
        this.fastBusy = 0;
        this.fastSpan = 0;
      }
    }
    const next = this.fast ? this.fastMs : this.slowMs;
    this.due = performance.now() + next;
    this.timer = this.arm(next);
  }
}
