/**
 * The progress of the push just sent (or just approved): every job of its batches, finished or not, kept current by
 * the page's job event stream. The first read and the events may cross; an event is newer than the read, so it wins.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ProgressBar } from '../../../ui/ProgressBar';
import type { Language } from '../../../ui/language';
import type { ApiClient } from '../../app/api';
import { fill, JobsText as T } from './jobsText';
import { isTerminal, type JobFeed, type JobPage, type JobView } from './jobTypes';

export interface PushProgressProps {
  api: ApiClient;
  lang: Language;
  feed: JobFeed;
  batchIds: readonly string[];
  /** Jobs the push created (the total to reach). */
  expected: number;
}

export function PushProgress({ api, lang, feed, batchIds, expected }: PushProgressProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const states = useRef(new Map<string, JobView>());
  const fromEvents = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  useEffect(() => {
    states.current = new Map();
    fromEvents.current = new Set();
    const batches = new Set(batchIds);
    const bump = () => setVersion((v) => v + 1);
    const stop = feed.subscribe((job) => {
      if (!batches.has(job.batchId)) return;
      states.current.set(job.id, job);
      fromEvents.current.add(job.id);
      bump();
    });
    let live = true;
    void (async () => {
      for (const b of batchIds) {
        for (let offset = 0; live; offset += 1000) {
          const page = await api.get<JobPage>(
            `/api/v1/jobs?batchId=${encodeURIComponent(b)}&limit=1000&offset=${offset}`,
          );
          for (const j of page.items) if (!fromEvents.current.has(j.id)) states.current.set(j.id, j);
          if (offset + page.items.length >= page.total) break;
        }
      }
      if (live) bump();
    })().catch(() => undefined);
    return () => {
      live = false;
      stop();
    };
  }, [api, feed, batchIds]);

  const jobs = [...states.current.values()];
  const done = jobs.filter((j) => isTerminal(j.state)).length;
  const failed = jobs.filter((j) => j.state === 'failed').length;
  const total = Math.max(expected, jobs.length);
  const fraction = total === 0 ? 0 : done / total;
  return (
    <section class="card" aria-labelledby="progress-title" data-testid="push-progress">
      <h2 id="progress-title">{t(T.progressTitle)}</h2>
      <ProgressBar
        fraction={fraction}
        label={t(T.progressTitle)}
        tone={done === total && total > 0 ? (failed ? 'failed' : 'done') : 'running'}
      />
      <p aria-live="polite" data-testid="push-progress-text" data-done={done} data-total={total}>
        {fill(t(T.progressOf), { done, total })} ({Math.round(fraction * 100)}%)
        {failed ? ` · ${fill(t(T.failedCount), { n: failed })}` : ''}
      </p>
    </section>
  );
}
