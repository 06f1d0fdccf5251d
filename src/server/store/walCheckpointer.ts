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
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import type { Logger } from '../../shared/logger';

/** Between checkpoints the log holds a few seconds of writes (an inventory burst: ~100 MB); it is cut back to this. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * How much of the log file one cut gives back, at most. SQLite cuts the file inside the first commit after the log is
 * rewound, on the main thread. Measured here (ext4 mounted with `discard`, strace during the dispatch benchmark): the
 * log had grown to 1.2 GB while 10,000 agents enrolled and reported (writes without a pause let no checkpoint finish
 * before the next commit, so the log was not rewound meanwhile), and the one cut back to 64 MB took 335 ms — the event
 * loop stopped for every agent, in the middle of a push. Cut by 16 MB, each took 5–7 ms; by 32 MB a 1.2 GB log is back
 * to the limit in ~36 rewinds (~6 minutes at one checkpoint every 10 s).
 */
export const WAL_SHRINK_STEP_BYTES = 32 * 1024 * 1024;

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
  /** The size the log file is brought back to. @default WAL_SIZE_LIMIT_BYTES */
  sizeLimitBytes?: number;
  /** The most one cut of the log file gives back. @default WAL_SHRINK_STEP_BYTES */
  shrinkStepBytes?: number;
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
  /** The main connection's journal_size_limit as last set here. */
  private sizeLimit: number;
  private readonly exited: Promise<void>;
  /** Settles once the worker runs (or failed to start, in which case the main connection keeps checkpointing). */
  readonly ready: Promise<void>;

  constructor(private readonly o: WalCheckpointerOptions) {
    this.sizeLimit = o.sizeLimitBytes ?? WAL_SIZE_LIMIT_BYTES;
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
          this.limitNextCut();
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

  /**
   * After each checkpoint: the next rewind of the log may cut its file by one step at most (see WAL_SHRINK_STEP_BYTES),
   * never below the size limit.
   */
  private limitNextCut(): void {
    const floor = this.o.sizeLimitBytes ?? WAL_SIZE_LIMIT_BYTES;
    let size = 0;
    try {
      size = fs.statSync(`${this.o.file}-wal`).size;
    } catch {
      size = 0; // no log file (yet): nothing to cut
    }
    const limit = Math.max(floor, size - (this.o.shrinkStepBytes ?? WAL_SHRINK_STEP_BYTES));
    if (limit === this.sizeLimit || !this.o.sqlite.open) return;
    this.o.sqlite.pragma(`journal_size_limit = ${limit}`);
    this.sizeLimit = limit;
  }

  private restoreAutocheckpoint(): void {
    try {
      if (!this.o.sqlite.open) return;
      this.o.sqlite.pragma(`wal_autocheckpoint = ${this.o.fallbackAutocheckpointPages ?? 1000}`);
      // Checkpoints in commits again, so cuts there too: to the limit at once, as SQLite does.
      this.o.sqlite.pragma(`journal_size_limit = ${this.o.sizeLimitBytes ?? WAL_SIZE_LIMIT_BYTES}`);
    } catch (err) {
      this.o.logger.error('could not restore automatic WAL checkpoints', { err: String(err) });
    }
  }
}
