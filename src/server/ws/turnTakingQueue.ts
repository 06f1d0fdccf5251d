/**
 * Runs tasks one after another, and lets the event loop take a turn whenever they have held it for `budgetMs`.
 *
 * Why: SQLite is synchronous, and Kysely's transactions on it resolve in microtasks, so when one inventory's
 * transaction ended the next one waiting for the connection could begin in the same macrotask, and so on down the
 * queue. In a CPU profile of a 10,000-agent burst (`node test/bench/serverScale.bench.js --agents 10000 --cpu-prof`)
 * the main thread had busy stretches of up to 1.1 s, ~60 % of them SQLite; with this queue (and readingGate.ts) the
 * longest single task in the same burst was ~90 ms. Tasks taken from here start only after the loop has had its turn,
 * and a request for the database waits behind one task at most.
 */
export interface TurnTakingQueueOptions {
  /** Longest run of tasks before the event loop gets a turn. @default 20 */
  budgetMs?: number;
  now?: () => number;
  /** Lets the event loop take its turn, then runs `next`. @default setImmediate */
  yieldThen?: (next: () => void) => void;
}

export class TurnTakingQueue {
  private readonly queue: { run: () => void }[] = [];
  private running = false;
  /** When the current run of tasks (since the event loop's last turn) began. */
  private sliceStart = 0;
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly yieldThen: (next: () => void) => void;

  constructor(o: TurnTakingQueueOptions = {}) {
    this.budgetMs = o.budgetMs ?? 20;
    this.now = o.now ?? (() => performance.now());
    this.yieldThen = o.yieldThen ?? ((next) => void setImmediate(next));
  }

  /** Tasks waiting or running. */
  get length(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** Runs `task` after the tasks before it; settles as it does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        run: () => {
          let p: Promise<T>;
          try {
            p = task();
          } catch (err) {
            p = Promise.reject(err);
          }
          // The next task is taken before this one's caller hears of it: a task the caller then adds finds the queue
          // idle if it is, rather than waiting behind this one's end.
          p.then(
            (value) => {
              this.next();
              resolve(value);
            },
            (err: unknown) => {
              this.next();
              reject(err);
            },
          );
        },
      });
      if (!this.running) {
        this.running = true;
        this.sliceStart = this.now();
        this.queue.shift()!.run();
      }
    });
  }

  private next(): void {
    const task = this.queue.shift();
    if (!task) {
      this.running = false;
      return;
    }
    if (this.now() - this.sliceStart < this.budgetMs) return task.run();
    this.yieldThen(() => {
      this.sliceStart = this.now();
      task.run();
    });
  }
}
