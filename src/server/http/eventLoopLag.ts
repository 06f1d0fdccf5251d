/**
 * How late the event loop is: a timer every `everyMs` notes how much later than due it ran, and `takeMax` gives the
 * longest lateness since it was last called (for /metrics: the longest the loop was held since the previous scrape).
 * Node's monitorEventLoopDelay cannot serve here: after `reset()` it drops its next interval, so a scrape-and-reset
 * histogram missed a block that began just after a scrape.
 */
export class EventLoopLag {
  private max = 0;
  private due: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly everyMs = 20) {
    this.due = performance.now() + everyMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.max = Math.max(this.max, now - this.due);
      this.due = now + everyMs;
    }, everyMs);
    this.timer.unref();
  }

  /** The longest lateness in ms since the last call, counting a wait that is still going on. */
  takeMax(): number {
    const max = Math.max(this.max, performance.now() - this.due, 0);
    this.max = 0;
    return max;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
