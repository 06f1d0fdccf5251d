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
  /** A `done` given to `submit` threw (the batch's other callbacks still run). @default a process warning */
  onDoneError?(err: unknown): void;
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(err: unknown): void;
  /** Instead of resolve/reject: called with null once written, or with the error (items added with `submit`). */
  done?: Done;
}

/** `err` is null once the item is written. */
export type Done = (err: unknown) => void;

const settled = (): void => undefined;
/** The `reject` of an item nobody awaits: recognised, and counted for `onError`, instead of called. */
const unwaited = (): void => undefined;

const warnDoneError = (thrown: unknown): void =>
  process.emitWarning(
    `a written item's callback threw: ${thrown instanceof Error ? thrown.stack : String(thrown)}`,
    'WriteBatcherDoneError',
  );

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
   * Queues a write and calls `done` once it is written (`done(null)`) or has failed (`done(err)`): what `add` does,
   * without a promise and the two closures of its executor for every item (metrics samples: one per agent message).
   */
  submit(item: T, done: Done): void {
    if (this.closed) return done(new Error('WriteBatcher is closed'));
    this.queue.push({ item, resolve: settled, reject: unwaited, done });
    this.schedule();
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
        () => {
          for (const p of batch) {
            if (p.done) this.callDone(p.done, null);
            else p.resolve();
          }
        },
        (err: unknown) => {
          let notAwaited = 0;
          for (const p of batch) {
            if (p.done) this.callDone(p.done, err);
            else if (p.reject === unwaited) notAwaited++;
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

  /** A `done` that throws must not keep the batch's other items from hearing. */
  private callDone(done: Done, err: unknown): void {
    try {
      done(err);
    } catch (thrown) {
      (this.options.onDoneError ?? warnDoneError)(thrown);
    }
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
