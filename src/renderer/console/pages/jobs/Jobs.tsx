/**
 * The jobs page: bulk push with its preview, the pushes waiting for a second person, the progress of the push just
 * sent, and every job — all live from one event stream (GET /api/v1/jobs/events), no polling.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PageProps } from '../pageTypes';
import { JobList } from './JobList';
import { JobsText as T } from './jobsText';
import { JobFeed, type JobView } from './jobTypes';
import { PushForm } from './PushForm';
import { PushProgress } from './PushProgress';
import { PushRequests } from './PushRequests';

export function Jobs({ api, lang, me }: PageProps) {
  const feed = useMemo(() => new JobFeed(), []);
  const [push, setPush] = useState<{ batchIds: string[]; jobs: number } | null>(null);
  const [requestsKey, setRequestsKey] = useState(0);
  useEffect(
    () =>
      api.events('/api/v1/jobs/events', {
        job: (data) => feed.emit(data as JobView),
        // A push asked or decided by anyone: the waiting list is read again.
        push_request: () => setRequestsKey((k) => k + 1),
      }),
    [api, feed],
  );
  const [jobsKey, setJobsKey] = useState(0);
  const sent = (batchIds: string[], jobs: number) => {
    setPush({ batchIds, jobs });
    setJobsKey((k) => k + 1);
  };
  return (
    <section>
      <div class="page-head">
        <h1>{T.title[lang]}</h1>
      </div>
      <PushForm api={api} lang={lang} onPushed={sent} onPending={() => setRequestsKey((k) => k + 1)} />
      <PushRequests api={api} lang={lang} meId={me.id} refreshKey={requestsKey} onApproved={sent} />
      {push ? (
        <PushProgress
          key={push.batchIds.join(',')}
          api={api}
          lang={lang}
          feed={feed}
          batchIds={push.batchIds}
          expected={push.jobs}
        />
      ) : null}
      <JobList api={api} lang={lang} feed={feed} refreshKey={jobsKey} />
    </section>
  );
}
