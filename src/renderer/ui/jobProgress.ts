/**
 * An install job's progress as one bar: the download is most of the wait, so it fills 10%–60% by bytes; the stages
 * after it (verified, installing, checking) step on; the end is 100% (green, or red when it failed).
 */
import type { JobState } from '../../shared/install/job';
import type { Localized as Bilingual } from '../../shared/i18n/language';

export const JobStateNames: Record<JobState, Bilingual> = {
  queued: { id: 'Dalam antrean', en: 'Queued' },
  delivered: { id: 'Diterima PC', en: 'Delivered to the PC' },
  downloading: { id: 'Mengunduh', en: 'Downloading' },
  verified: { id: 'Berkas terverifikasi', en: 'File verified' },
  installing: { id: 'Memasang', en: 'Installing' },
  checking: { id: 'Memeriksa hasil', en: 'Checking the result' },
  succeeded: { id: 'Berhasil', en: 'Succeeded' },
  failed: { id: 'Gagal', en: 'Failed' },
  cancelled: { id: 'Dibatalkan', en: 'Cancelled' },
};

export function jobFraction(state: string, bytes: number | null, totalBytes: number | null): number {
  switch (state) {
    case 'queued':
      return 0.02;
    case 'delivered':
      return 0.1;
    case 'downloading':
      return 0.1 + (totalBytes && bytes !== null ? 0.5 * Math.min(1, bytes / totalBytes) : 0);
    case 'verified':
      return 0.65;
    case 'installing':
      return 0.8;
    case 'checking':
      return 0.92;
    default:
      return 1;
  }
}

export function jobTone(state: string): 'running' | 'done' | 'failed' {
  if (state === 'succeeded') return 'done';
  if (state === 'failed' || state === 'cancelled') return 'failed';
  return 'running';
}

export function jobStateName(state: string): Bilingual {
  return (JobStateNames as Record<string, Bilingual | undefined>)[state] ?? { id: state, en: state };
}
