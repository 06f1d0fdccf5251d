/**
 * The jobs API as the console reads it (GET /api/v1/jobs, /jobs/:id and the `job` events of /jobs/events), the job
 * states' names in both languages, and the live feed the page's sections share.
 */
import type { JobState } from '../../../../shared/install/job';
import { TerminalJobStates } from '../../../../shared/install/job';
import type { Bilingual } from '../../../ui/language';

export type { JobView } from '../../../../shared/jobsApi';
import type { JobView } from '../../../../shared/jobsApi';

export interface JobPage {
  total: number;
  limit: number;
  offset: number;
  items: JobView[];
}

export const JobStateText: Record<JobState, Bilingual> = {
  queued: { id: 'Antre', en: 'Queued' },
  delivered: { id: 'Diterima PC', en: 'Delivered' },
  downloading: { id: 'Mengunduh', en: 'Downloading' },
  verified: { id: 'Terverifikasi', en: 'Verified' },
  installing: { id: 'Memasang', en: 'Installing' },
  checking: { id: 'Memeriksa hasil', en: 'Checking' },
  succeeded: { id: 'Berhasil', en: 'Succeeded' },
  failed: { id: 'Gagal', en: 'Failed' },
  cancelled: { id: 'Dibatalkan', en: 'Cancelled' },
};

export function isTerminal(state: JobState): boolean {
  return TerminalJobStates.includes(state);
}

/** How far one job is, 0..1: its download bytes while downloading, otherwise where its state is on the way. */
export function jobFraction(job: Pick<JobView, 'state' | 'progress'>): number | null {
  if (isTerminal(job.state)) return 1;
  if (job.state === 'downloading') {
    const { bytes, totalBytes } = job.progress;
    return bytes !== null && totalBytes ? Math.min(1, bytes / totalBytes) * 0.5 : null;
  }
  const order: JobState[] = ['queued', 'delivered', 'downloading', 'verified', 'installing', 'checking'];
  return order.indexOf(job.state) / order.length;
}

/** The page's one event stream, handed to its sections: each subscribes while it is shown. */
export class JobFeed {
  private readonly listeners = new Set<(job: JobView) => void>();

  emit(job: JobView): void {
    this.listeners.forEach((l) => l(job));
  }

  subscribe(listener: (job: JobView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
