/**
 * One event stream's view of job changes: JobService says only "job X is now in state S"; the console wants the
 * job itself (progress bytes, output tail). Changes of the same job within `coalesceMs` are sent once, with the latest
 * view, so that a fast installer's progress reports do not turn into one database read and one event each.
 */
import type { JobService, JobView } from '../domain/jobService';

export interface JobEventFeedOptions {
  jobs: Pick<JobService, 'onJobChanged' | 'get'>;
  write(view: JobView): void;
  /** @default 250 */
  coalesceMs?: number;
  onError?(err: unknown): void;
}

export class JobEventFeed {
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: JobEventFeedOptions) {
    this.unsubscribe = o.jobs.onJobChanged((job) => this.mark(job.id));
  }

  private mark(id: string): void {
    if (this.closed) return;
    this.dirty.add(id);
    this.timer ??= setTimeout(() => void this.flush(), this.o.coalesceMs ?? 250);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      if (this.closed) return;
      try {
        const view = await this.o.jobs.get(id);
        if (view && !this.closed) this.o.write(view);
      } catch (err) {
        this.o.onError?.(err);
      }
    }
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
