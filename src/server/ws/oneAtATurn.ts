/**
 * Hands things on one per turn of the event loop, in the order they came.
 *
 * Why: Node delivers a worker's messages in one callback, up to 1,000 of them at a time (MessagePort::OnMessage), and
 * whoever waits for a decoded inventory stores it then and there — SQLite is synchronous and Kysely's transactions on
 * it settle in microtasks — so the results of a burst were stored back to back inside that one callback, for seconds,
 * while timers, sockets and HTTP requests waited: `perf record` of the main thread in a 10,000-agent burst found 79 %
 * of it inside MessagePort::OnMessage. Released here one per setImmediate, each store has a turn of its own and
 * everything else gets the loop in between: after the burst's first seconds the loop was held 0.6 s at most, and
 * inventories were stored at 196–251/s instead of 125–160/s (`node test/bench/serverScale.bench.js --agents 10000`).
 * (The first seconds were socket reads, each paused socket read once more: agentSocketReads.ts.)
 */
export class OneAtATurn {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  /** `later` runs its callback in a later turn of the event loop. @default setImmediate */
  constructor(private readonly later: (run: () => void) => void = (run) => void setImmediate(run)) {}

  /** Things handed in and not handed on yet. */
  get length(): number {
    return this.queue.length;
  }

  /** Calls `handOn` in a later turn, after everything handed in before it. */
  push(handOn: () => void): void {
    this.queue.push(handOn);
    if (!this.scheduled) {
      this.scheduled = true;
      this.later(() => this.turn());
    }
  }

  private turn(): void {
    const handOn = this.queue.shift();
    if (this.queue.length > 0) this.later(() => this.turn());
    else this.scheduled = false;
    handOn?.();
  }
}
