/**
 * The agent's journal of jobs: a job id is written here (fsync'd) before anything runs, so a duplicate delivery is
 * recognised and acknowledged without running again, and a job cut short by a crash is found and reconciled at start.
 * One file per job, replaced atomically.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JobCommand, JobResult, JobState } from '../../../shared/install/job';
import { writeFileDurably } from '../fs/writeFileDurably';

export interface JobRecord {
  jobId: string;
  command: JobCommand;
  state: JobState;
  /** Times the installer was started. */
  attempts: number;
  /** The running installer, so a restarted agent can wait for it instead of starting it twice. */
  installer?: { pid: number; startedAt: number };
  cancelRequested?: boolean;
  /** Retry after this time (another install held the machine). */
  notBefore?: number;
  result?: JobResult;
  receivedAt: number;
  updatedAt: number;
}

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export class JobJournal {
  private readonly records = new Map<string, JobRecord>();

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of fs.readdirSync(dir)) {
      const full = path.join(dir, f);
      if (f.endsWith('.tmp')) {
        fs.rmSync(full, { force: true });
        continue;
      }
      if (!f.endsWith('.json')) continue;
      try {
        const r = JSON.parse(fs.readFileSync(full, 'utf8')) as JobRecord;
        if (typeof r.jobId === 'string' && NAME.test(r.jobId)) this.records.set(r.jobId, r);
      } catch {
        fs.renameSync(full, `${full}.corrupt`);
      }
    }
  }

  private file(jobId: string): string {
    if (!NAME.test(jobId)) throw new Error(`unsafe job id ${jobId}`);
    return path.join(this.dir, `${jobId.replace(/:/g, '_')}.json`);
  }

  get(jobId: string): JobRecord | undefined {
    return this.records.get(jobId);
  }

  all(): JobRecord[] {
    return [...this.records.values()].sort((a, b) => a.receivedAt - b.receivedAt);
  }

  /** Writes the record durably before returning. */
  put(record: JobRecord): JobRecord {
    const next = { ...record, updatedAt: this.now() };
    writeFileDurably(this.file(next.jobId), JSON.stringify(next));
    this.records.set(next.jobId, next);
    return next;
  }

  update(jobId: string, change: Partial<JobRecord>): JobRecord {
    const current = this.records.get(jobId);
    if (!current) throw new Error(`no journal record for job ${jobId}`);
    return this.put({ ...current, ...change });
  }
}
