/**
 * Runs SQLite's WAL checkpoints on a worker thread with its own connection, so that copying the log back into the
 * database file (and its fsync) never runs inside a commit on the main thread. Profiled before: the automatic
 * checkpoint, run by whichever commit crosses 1,000 log pages, was ~15 % of an inventory's CPU and ~80 µs of every
 * metrics sample, and stalled the event loop for tens of milliseconds at a time.
 *
 * The main connection is switched to `wal_autocheckpoint = 0` only once the worker runs; if the worker dies the main
 * connection gets its automatic checkpoints back (the log must never grow without bound).
 *
 * Durability is unchanged by where the checkpoint runs: a commit is durable once its frames are in the log. A PASSIVE
 * checkpoint never blocks writers or readers; it copies what no reader still needs, and the next writer rewinds the log
 * once everything is copied.
 */
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import type { Logger } from '../../shared/logger';

export interface WalCheckpointerOptions {
  /** The main connection (its automatic checkpoints are turned off while the worker runs). */
  sqlite: SqliteDatabase.Database;
  /** The database file the worker opens its own connection to. */
  file: string;
  logger: Logger;
  /**
   * How often the worker checkpoints. Seconds, not milliseconds: a page rewritten by many commits in between (a metrics
   * index page, an agent's row) is copied into the database file once (measured standalone, 10,000 agents' samples:
   * checkpoint cost per sample 7.4 µs at 0.5 s, 3.0 µs at 5 s; each also wakes the process and syncs the file, which
   * at 1,000 agents made 2 s against 10 s a few per cent of a stored sample's CPU). @default 10000
   */
  intervalMs?: number;
  /** Pages the main connection's automatic checkpoint is restored to if the worker dies. @default 1000 (SQLite's) */
  fallbackAutocheckpointPages?: number;
}

export interface CheckpointStats {
  /** Checkpoints run. */
  runs: number;
  /** Frames in the log at the last checkpoint. */
  logFrames: number;
  /** Of those, how many are in the database file now (all of them unless a reader still needed some). */
  checkpointedFrames: number;
}

// The worker's code is plain JavaScript that needs only the driver: no build step, and the same code under Jest
// (TypeScript sources) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const stats = { runs: 0, logFrames: 0, checkpointedFrames: 0 };
let timer = null;
function run(seq) {
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    stats.runs++;
    stats.logFrames = r.log;
    stats.checkpointedFrames = r.checkpointed;
  } catch (err) {
    parentPort.postMessage({ type: 'warn', message: String(err && err.message || err) });
  }
  parentPort.postMessage({ type: 'stats', stats, seq });
}
timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (typeof m === 'number') run(m);
  if (m === 'stop') {
    clearInterval(timer);
    run();
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;
  private latest: CheckpointStats = { runs: 0, logFrames: 0, checkpointedFrames: 0 };
  private readonly waiters = new Map<number, () => void>();
  private seq = 0;
  private readonly exited: Promise<void>;
  /** Settles once the worker runs (or failed to start, in which case the main connection keeps checkpointing). */
  readonly ready: Promise<void>;

  constructor(private readonly o: WalCheckpointerOptions) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driverPath: require.resolve('better-sqlite3'), file: o.file, intervalMs: o.intervalMs ?? 10_000 },
    });
    this.ready = new Promise<void>((resolve) => {
      const onMessage = (m: { type: string; stats?: CheckpointStats; seq?: number; message?: string }) => {
        if (m.type === 'ready') {
          // Only now that someone else checkpoints may the main connection stop doing it.
          o.sqlite.pragma('wal_autocheckpoint = 0');
          // From now on the worker never keeps the process alive (until then it must: the caller awaits `ready`).
          this.worker.unref();
          resolve();
        } else if (m.type === 'stats' && m.stats) {
          this.latest = { ...m.stats };
          if (m.seq !== undefined) this.waiters.get(m.seq)?.();
          if (m.seq !== undefined) this.waiters.delete(m.seq);
        } else if (m.type === 'warn') {
          o.logger.warn('WAL checkpoint failed; retried at the next interval', { err: m.message });
        }
      };
      this.worker.on('message', onMessage);
      // A worker that cannot start leaves the main connection checkpointing by itself: slower, never unsafe.
      this.worker.once('error', () => resolve());
      this.worker.once('exit', () => resolve());
    });
    this.worker.on('error', (err) => o.logger.error('WAL checkpoint worker failed', { err: String(err) }));
    this.exited = new Promise<void>((resolve) =>
      this.worker.once('exit', (code) => {
        if (!this.stopping) {
          o.logger.error('WAL checkpoint worker exited: checkpoints are back on the main connection', { code });
          this.restoreAutocheckpoint();
        }
        this.waiters.forEach((w) => w());
        this.waiters.clear();
        resolve();
      }),
    );
  }

  get stats(): CheckpointStats {
    return this.latest;
  }

  /** Runs a checkpoint now; resolves when it has run (tests, and before a backup). */
  checkpointNow(): Promise<CheckpointStats> {
    return new Promise((resolve) => {
      const seq = ++this.seq;
      this.worker.ref();
      this.waiters.set(seq, () => {
        this.worker.unref();
        resolve(this.latest);
      });
      this.worker.postMessage(seq);
    });
  }

  /** Stops the worker after one last checkpoint; the main connection checkpoints by itself again. */
  async close(): Promise<void> {
    if (this.stopping) return this.exited;
    this.stopping = true;
    // The worker is unref'd so that it never keeps a process alive; while it takes its last checkpoint it must, or a
    // process with nothing else to do (a CLI command) exits at once, before the caller's next line (found that way:
    // `enroll-token create` printed nothing).
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
    this.restoreAutocheckpoint();
  }

  private restoreAutocheckpoint(): void {
    try {
      if (this.o.sqlite.open)
        this.o.sqlite.pragma(`wal_autocheckpoint = ${this.o.fallbackAutocheckpointPages ?? 1000}`);
    } catch (err) {
      this.o.logger.error('could not restore automatic WAL checkpoints', { err: String(err) });
    }
  }
}
