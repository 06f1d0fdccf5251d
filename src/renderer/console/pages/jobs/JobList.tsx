/**
 * Every job, newest first, a page at a time from the server (filters: state, batch), each row kept current by the
 * page's job event stream: state, progress and the tail of the installer's output; cancel for unfinished jobs.
 */
import { useEffect, useState } from 'preact/hooks';
import { JobStates, type JobState } from '../../../../shared/install/job';
import { Button } from '../../../ui/Button';
import { DataTable, type Column } from '../../../ui/DataTable';
import { formatBytes } from '../../../ui/duration';
import { useOfficeTime } from '../../app/officeTime';
import { errorText, errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import { ProgressBar } from '../../../ui/ProgressBar';
import { useToasts } from '../../../ui/Toasts';
import { useLoaded } from '../../../ui/useLoaded';
import type { ApiClient } from '../../app/api';
import { JobsText as T } from './jobsText';
import { isTerminal, jobFraction, JobStateText, type JobFeed, type JobPage, type JobView } from './jobTypes';

const LIMIT = 25;

export interface JobListProps {
  api: ApiClient;
  lang: Language;
  feed: JobFeed;
  /** Show only this batch (the push just sent), when set. */
  batchId?: string | null;
  refreshKey: number;
}

export function JobList({ api, lang, feed, batchId, refreshKey }: JobListProps) {
  const timeAt = useOfficeTime(lang);
  const t = (x: { id: string; en: string }) => x[lang];
  const toasts = useToasts();
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState<JobState | ''>('');
  const list = useLoaded(
    () =>
      api.get<JobPage>(
        `/api/v1/jobs?limit=${LIMIT}&offset=${offset}${state ? `&state=${state}` : ''}${batchId ? `&batchId=${encodeURIComponent(batchId)}` : ''}`,
      ),
    [offset, state, batchId, refreshKey],
  );
  // A live event replaces its row on the page shown; new jobs appear when the list is read again.
  useEffect(
    () =>
      feed.subscribe((job) =>
        list.set((page) =>
          page && page.items.some((j) => j.id === job.id)
            ? {
                ...page,
                items: page.items.map((j) => (j.id === job.id ? { ...job, hostname: j.hostname ?? null } : j)),
              }
            : page,
        ),
      ),
    [feed],
  );

  async function cancel(job: JobView) {
    try {
      await api.post(`/api/v1/jobs/${encodeURIComponent(job.id)}/cancel`);
      toasts.show(t(T.cancelAsked), 'info');
    } catch (err) {
      toasts.show(errorTextOf(err, lang), 'bad');
    }
  }

  const columns: Column<JobView>[] = [
    {
      key: 'item',
      header: t(T.item),
      cell: (j) => `${j.item.name} ${j.item.version}${j.action === 'uninstall' ? ` (${t(T.uninstall)})` : ''}`,
    },
    {
      key: 'pc',
      header: t(T.pc),
      cell: (j) => <a href={`#/pcs/${encodeURIComponent(j.agentId)}`}>{j.hostname ?? j.agentId.slice(0, 8)}</a>,
    },
    {
      key: 'state',
      header: t(T.state),
      cell: (j) => (
        <span
          class={`badge tone-${j.state === 'succeeded' ? 'ok' : j.state === 'failed' ? 'bad' : j.state === 'cancelled' ? 'idle' : 'info'}`}
          data-job-state={j.state}
        >
          {t(JobStateText[j.state])}
          {j.cancelRequested && !isTerminal(j.state) ? ` · ${t(T.cancel)}…` : ''}
        </span>
      ),
    },
    {
      key: 'progress',
      header: t(T.progress),
      cell: (j) => (
        <div>
          <ProgressBar
            fraction={jobFraction(j)}
            label={`${t(T.progress)} ${j.item.name}`}
            tone={j.state === 'failed' ? 'failed' : isTerminal(j.state) ? 'done' : 'running'}
          />
          {j.state === 'downloading' && j.progress.totalBytes ? (
            <span class="muted">
              {formatBytes(j.progress.bytes)} / {formatBytes(j.progress.totalBytes)}
            </span>
          ) : null}
          {j.errorCode ? <span class="muted">{errorText(j.errorCode, lang)}</span> : null}
        </div>
      ),
    },
    {
      key: 'output',
      header: t(T.output),
      cell: (j) =>
        j.outputTail || j.message || j.exitCode !== null ? (
          <details>
            <summary>{t(T.showOutput)}</summary>
            {j.exitCode !== null ? (
              <p class="muted">
                {t(T.exitCode)}: {j.exitCode}
              </p>
            ) : null}
            {j.message ? <p>{j.message}</p> : null}
            {j.outputTail ? (
              <pre class="mono" style={{ maxHeight: '12rem', overflow: 'auto', whiteSpace: 'pre-wrap' }}>
                {j.outputTail}
              </pre>
            ) : null}
          </details>
        ) : (
          '—'
        ),
    },
    { key: 'updated', header: t(T.updated), cell: (j) => timeAt(j.updatedAt) },
    {
      key: 'cancel',
      header: '',
      cell: (j) =>
        isTerminal(j.state) ? null : (
          <Button small variant="danger" onClick={() => void cancel(j)} aria-label={`${t(T.cancel)} ${j.item.name}`}>
            {t(T.cancel)}
          </Button>
        ),
    },
  ];
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t(T.jobsTitle)}</h2>
      <div class="filters">
        <span class="field-inline">
          <label for="jobs-state">{t(T.state)}</label>
          <select
            id="jobs-state"
            value={state}
            onChange={(e) => {
              setState((e.target as HTMLSelectElement).value as JobState | '');
              setOffset(0);
            }}
          >
            <option value="">{t(T.anyState)}</option>
            {JobStates.map((s) => (
              <option key={s} value={s}>
                {t(JobStateText[s])}
              </option>
            ))}
          </select>
        </span>
      </div>
      {list.error ? <p class="form-error">{errorTextOf(list.error, lang)}</p> : null}
      <DataTable
        caption={t(T.jobsTitle)}
        columns={columns}
        rows={list.data?.items ?? []}
        rowKey={(j) => j.id}
        total={list.data?.total ?? 0}
        offset={offset}
        limit={LIMIT}
        onOffset={setOffset}
        lang={lang}
        loading={list.loading}
      />
    </section>
  );
}
