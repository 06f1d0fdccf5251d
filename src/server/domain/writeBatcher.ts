/**
 * Groups small writes (metrics samples, presence changes) into one transaction every few milliseconds: a commit per
 * sample would cap SQLite at a few thousand samples a second, a commit per batch keeps up with 20,000 agents. Each
 * caller's promise settles when its write is committed, so an ack is only ever sent for data on disk.
 */
export interface WriteBatcherOptions<T> {
  /** Writes one batch in one transaction. */
  flush(items: T[]): Promise<void>;
  /** Longest wait before a batch is written. @default 20 */
  maxDelayMs?: number;
  /** A batch this large is written at once. @default 2000 */
  maxItems?: number;
  /** Where a failed batch's items added with `enqueue` (which nobody awaits) are reported, once per batch. */
  onError?(err: unknown, items: number): void;
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(err: unknown): void;
}

const settled = (): void => undefined;
/** The `reject` of an item nobody awaits: recognised, and counted for `onError`, instead of called. */
const unwaited = (): void => undefined;

export class WriteBatcher<T> {
  private queue: Pending<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly maxDelayMs: number;
  private readonly maxItems: number;

  constructor(private readonly options: WriteBatcherOptions<T>) {
    this.maxDelayMs = options.maxDelayMs ?? 20;
    this.maxItems = options.maxItems ?? 2000;
  }

  get pending(): number {
    return this.queue.length;
  }

  add(item: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('WriteBatcher is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Queues a write nobody waits for, without a promise (a push to 20,000 PCs brings 20,000 acks within a second,
   * each otherwise a promise and two closures kept until its batch is written). Failures go to `onError`.
   */
  enqueue(item: T): void {
    if (this.closed) return void this.options.onError?.(new Error('WriteBatcher is closed'), 1);
    this.queue.push({ item, resolve: settled, reject: unwaited });
    this.schedule();
  }

  private schedule(): void {
    if (this.queue.length >= this.maxItems) this.kick();
    else if (!this.timer && !this.running) this.timer = setTimeout(() => this.kick(), this.maxDelayMs);
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxItems);
    this.running = this.options
      .flush(batch.map((p) => p.item))
      .then(
        () => batch.forEach((p) => p.resolve()),
        (err: unknown) => {
          let notAwaited = 0;
          for (const p of batch) {
            if (p.reject === unwaited) notAwaited++;
            else p.reject(err);
          }
          if (notAwaited > 0) this.options.onError?.(err, notAwaited);
        },
      )
      .finally(() => {
        this.running = null;
        if (this.queue.length > 0) {
          if (this.queue.length >= this.maxItems || this.closed) this.kick();
          else this.timer = setTimeout(() => this.kick(), this.maxDelayMs);
        }
      });
  }

  /** Writes what is queued and refuses new items. */
  async close(): Promise<void> {
    this.closed = true;
    for (let i = 0; i < 1_000_000 && (this.running || this.queue.length > 0); i++) {
      this.kick();
      if (this.running) await this.running;
    }
  }
}
