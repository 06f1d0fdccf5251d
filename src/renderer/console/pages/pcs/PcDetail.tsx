/**
 * One PC: its summary, its live metrics while the page is open (SSE: the server asks the PC for a sample every 2 s
 * only while someone watches), the full inventory, installed software, what changed and when, and its tickets and
 * install jobs (jobs kept current by the job event stream).
 */
import { useState } from 'preact/hooks';
import type { MetricsSample } from '../../../../shared/protocol/inventory';
import type { TicketView } from '../../../../shared/ticketsApi';
import type { Inventory } from '../../../../shared/protocol/inventory';
import { Button } from '../../../ui/Button';
import { DataTable } from '../../../ui/DataTable';
import { formatBytes, formatDuration } from '../../../ui/duration';
import { useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import { jobStateName } from '../../../ui/jobProgress';
import { StatusBadge } from '../../../ui/StatusBadge';
import { useToasts } from '../../../ui/Toasts';
import { ApiError } from '../../app/api';
import { routeHash } from '../../app/hashRoute';
import { useCoalesced, useEvents } from '../../app/useEvents';
import { useLoad } from '../../app/useLoad';
import type { PageProps } from '../pageTypes';
import { InventoryView, SoftwareTable, valueText } from './InventoryView';
import { OnlineBadge, osText, type AgentRow } from './Pcs';
import { PcText as T } from './pcText';

interface HistoryEntry {
  id: number;
  recordedAt: string;
  initial: boolean;
  changes: ({ section: 'software'; added: { name: string; version?: string }[]; removed: { name: string; version?: string }[]; updated: { name: string; from: string | null; to: string | null }[] } | { section: string; before: unknown; after: unknown })[];
}

interface JobRow {
  id: string;
  item: { name: string; version: string };
  state: string;
  createdAt: string;
  agentId: string;
  errorCode: string | null;
}

const LIST = 10;

export function PcDetail({ api, lang, params }: PageProps) {
  const timeAt = useOfficeTime(lang);
  const id = params[0] ?? '';
  const enc = encodeURIComponent(id);
  const t = (x: { id: string; en: string }) => x[lang];
  const toasts = useToasts();
  const agent = useLoad(() => api.get<AgentRow>(`/api/v1/agents/${enc}`), [api, enc]);
  const inventory = useLoad(
    () => api.get<Inventory>(`/api/v1/agents/${enc}/inventory`).catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    [api, enc],
  );
  const [sample, setSample] = useState<MetricsSample | null>(null);
  useEvents(api, agent.data && !agent.data.revoked ? `/api/v1/agents/${enc}/live` : null, { metrics: (s) => setSample(s as MetricsSample) });

  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [before, setBefore] = useState<number | null | undefined>(undefined);
  const firstHistory = useLoad(
    () =>
      api.get<{ items: HistoryEntry[]; nextBefore: number | null }>(`/api/v1/agents/${enc}/inventory/history?limit=20`).then((r) => {
        setHistory(r.items);
        setBefore(r.nextBefore);
        return r;
      }),
    [api, enc],
  );
  async function moreHistory() {
    if (!before) return;
    const r = await api.get<{ items: HistoryEntry[]; nextBefore: number | null }>(`/api/v1/agents/${enc}/inventory/history?limit=20&before=${before}`);
    setHistory((h) => [...h, ...r.items]);
    setBefore(r.nextBefore);
  }

  const [ticketOffset, setTicketOffset] = useState(0);
  const tickets = useLoad(() => api.get<{ total: number; items: TicketView[] }>(`/api/v1/tickets?agentId=${enc}&limit=${LIST}&offset=${ticketOffset}`), [api, enc, ticketOffset]);
  const [jobOffset, setJobOffset] = useState(0);
  const jobs = useLoad(() => api.get<{ total: number; items: JobRow[] }>(`/api/v1/jobs?agentId=${enc}&limit=${LIST}&offset=${jobOffset}`), [api, enc, jobOffset]);
  const reloadJobs = useCoalesced(jobs.reload, 1000);
  const reloadTickets = useCoalesced(tickets.reload, 1000);
  useEvents(api, '/api/v1/jobs/events', {
    // A job that changed between the first load and the subscription is seen when the stream opens.
    open: reloadJobs,
    job: (j) => {
      if ((j as JobRow).agentId === id) reloadJobs();
    },
  });
  useEvents(api, '/api/v1/tickets/events', { open: reloadTickets, ticket: reloadTickets });

  if (agent.error && !agent.data)
    return (
      <p class="form-error" role="alert">
        {errorTextOf(agent.error, lang)}
      </p>
    );
  const a = agent.data;
  if (!a) return <p aria-busy="true">…</p>;
  const s = a.summary;
  return (
    <section aria-labelledby="pc-title">
      <p>
        <a href="#/pcs">{t(T.back)}</a>
      </p>
      <div class="page-head">
        <h1 id="pc-title" data-testid="pc-hostname">
          {a.hostname}
        </h1>
        <span class="btn-row">
          <OnlineBadge a={a} lang={lang} />
          <Button
            small
            disabled={!a.online}
            onClick={() =>
              api.post(`/api/v1/agents/${enc}/inventory/refresh`).then(
                () => toasts.show(t(T.refreshAsked), 'ok'),
                (e: unknown) => toasts.show(errorTextOf(e, lang), 'bad'),
              )
            }
          >
            {t(T.refresh)}
          </Button>
        </span>
      </div>
      <div class="two-col">
        <div class="card">
          <h2>{t(T.summary)}</h2>
          <dl class="facts">
            <dt>{t(T.os)}</dt>
            <dd>{osText(s)}</dd>
            <dt>{t(T.cpu)}</dt>
            <dd>{s?.cpu ? `${s.cpu.model} (${s.cpu.cores} core)` : '—'}</dd>
            <dt>{t(T.ram)}</dt>
            <dd>{formatBytes(s?.memoryTotalBytes ?? null)}</dd>
            <dt>{t(T.disk)}</dt>
            <dd>{s && s.disks.length > 0 ? s.disks.map((d) => `${d.mount} ${formatBytes(d.freeBytes)} / ${formatBytes(d.sizeBytes)}`).join(' · ') : '—'}</dd>
            <dt>{t(T.software)}</dt>
            <dd>{s?.softwareCount ?? '—'}</dd>
            <dt>{t(T.lastSeen)}</dt>
            <dd>{timeAt(a.lastSeenAt)}</dd>
            <dt>{t(T.enrolled)}</dt>
            <dd>{timeAt(a.enrolledAt)}</dd>
            <dt>{t(T.inventoryAt)}</dt>
            <dd>{timeAt(a.inventoryUpdatedAt)}</dd>
            <dt>{t(T.agentVersion)}</dt>
            <dd>{a.agentVersion ?? '—'}</dd>
            <dt>{t(T.machineId)}</dt>
            <dd class="mono">{a.machineId}</dd>
          </dl>
        </div>
        <div class="card" data-testid="live-metrics">
          <h2>{t(T.live)}</h2>
          {!a.online && !sample ? (
            <p class="muted">{t(T.liveOffline)}</p>
          ) : !sample ? (
            <p class="muted">{t(T.liveWaiting)}</p>
          ) : (
            <dl class="facts" aria-live="off">
              <dt>{t(T.cpuLoad)}</dt>
              <dd data-testid="live-cpu">{sample.cpuLoadPercent !== undefined ? `${Math.round(sample.cpuLoadPercent)}%` : '—'}</dd>
              <dt>{t(T.memUsed)}</dt>
              <dd>{sample.memUsedBytes !== undefined ? `${formatBytes(sample.memUsedBytes)} / ${formatBytes(sample.memTotalBytes ?? null)}` : '—'}</dd>
              <dt>{t(T.netRx)}</dt>
              <dd>{sample.netRxBytesPerSec !== undefined ? `${formatBytes(sample.netRxBytesPerSec)}/s` : '—'}</dd>
              <dt>{t(T.netTx)}</dt>
              <dd>{sample.netTxBytesPerSec !== undefined ? `${formatBytes(sample.netTxBytesPerSec)}/s` : '—'}</dd>
              <dt>{t(T.disk)}</dt>
              <dd>{sample.diskFree ? sample.diskFree.map((d) => `${d.mount} ${formatBytes(d.freeBytes)}`).join(' · ') : '—'}</dd>
              <dt>{t(T.uptime)}</dt>
              <dd>{sample.uptimeSec !== undefined ? formatDuration(sample.uptimeSec * 1000) : '—'}</dd>
              <dt>{t(T.user)}</dt>
              <dd>{sample.loggedInUser ?? '—'}</dd>
              <dt>{t(T.sampledAt)}</dt>
              <dd data-testid="live-at" data-at={sample.sampledAt}>
                {timeAt(sample.sampledAt)}
              </dd>
            </dl>
          )}
        </div>
      </div>

      <h2>{t(T.tickets)}</h2>
      <DataTable<TicketView>
        caption={t(T.tickets)}
        lang={lang}
        loading={tickets.loading}
        rows={tickets.data?.items ?? []}
        total={tickets.data?.total ?? 0}
        offset={ticketOffset}
        limit={LIST}
        onOffset={setTicketOffset}
        rowKey={(r) => r.id}
        columns={[
          { key: 'no', header: '#', cell: (r) => <a href={routeHash('tickets', r.id)}>{r.number ?? r.id.slice(0, 8)}</a> },
          { key: 'item', header: t(T.item), cell: (r) => `${r.item.name} ${r.item.version}` },
          { key: 'req', header: t(T.requester), cell: (r) => r.requester.name },
          { key: 'state', header: t(T.state), cell: (r) => <StatusBadge state={r.state} lang={lang} /> },
          { key: 'at', header: t(T.created), cell: (r) => timeAt(r.createdAt) },
        ]}
      />

      <h2>{t(T.jobs)}</h2>
      <DataTable<JobRow>
        caption={t(T.jobs)}
        lang={lang}
        loading={jobs.loading}
        rows={jobs.data?.items ?? []}
        total={jobs.data?.total ?? 0}
        offset={jobOffset}
        limit={LIST}
        onOffset={setJobOffset}
        rowKey={(r) => r.id}
        columns={[
          { key: 'item', header: t(T.item), cell: (r) => `${r.item.name} ${r.item.version}` },
          { key: 'state', header: t(T.state), cell: (r) => jobStateName(r.state)[lang] + (r.errorCode ? ` · ${errorTextOf({ code: r.errorCode }, lang)}` : '') },
          { key: 'at', header: t(T.created), cell: (r) => timeAt(r.createdAt) },
        ]}
      />

      <h2>{t(T.installed)}</h2>
      {inventory.data?.software ? <SoftwareTable software={inventory.data.software} lang={lang} /> : <p class="muted">{t(T.noInventory)}</p>}

      <h2>{t(T.history)}</h2>
      <div class="card" data-testid="history">
        {firstHistory.error ? <p class="form-error">{errorTextOf(firstHistory.error, lang)}</p> : null}
        <ul class="events">
          {history.map((h) => (
            <li key={h.id}>
              <strong>{timeAt(h.recordedAt)}</strong> {h.initial ? <span class="badge tone-info">{t(T.initial)}</span> : null}
              {h.initial ? null : (
                <ul class="reasons">
                  {h.changes.map((c, i) =>
                    'added' in c ? (
                      <li key={i}>
                        {t(T.software)}:{' '}
                        {[
                          c.added.length ? `${t(T.added)} ${c.added.map((x) => `${x.name} ${x.version ?? ''}`.trim()).join(', ')}` : '',
                          c.removed.length ? `${t(T.removed)} ${c.removed.map((x) => `${x.name} ${x.version ?? ''}`.trim()).join(', ')}` : '',
                          c.updated.length ? `${t(T.updated)} ${c.updated.map((x) => `${x.name} ${x.from ?? '?'} → ${x.to ?? '?'}`).join(', ')}` : '',
                        ]
                          .filter(Boolean)
                          .join('; ')}
                      </li>
                    ) : (
                      <li key={i}>
                        {c.section}: {t(T.changed)} <span class="muted mono">{valueText(c.after)}</span>
                      </li>
                    ),
                  )}
                </ul>
              )}
            </li>
          ))}
        </ul>
        {before ? (
          <Button small onClick={() => void moreHistory()}>
            {t(T.more)}
          </Button>
        ) : null}
      </div>

      <h2>{t(T.inventory)}</h2>
      <div class="card">{inventory.data ? <InventoryView inventory={inventory.data} lang={lang} /> : <p class="muted">{t(T.noInventory)}</p>}</div>
    </section>
  );
}
