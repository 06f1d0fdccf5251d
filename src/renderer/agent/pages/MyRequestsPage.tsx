/**
 * Permintaan saya: every ticket of this person, newest first, with its six SOP steps against their standards, the
 * install's progress during step 4, what the employee may do now (cancel, resubmit, sign off) and the work order PDF
 * once done. Live: a ticket event replaces that ticket in place; the agent's status carries download progress.
 * Requests queued offline show as pending until the server has them.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AgentStatusView } from '../../../shared/agentApi';
import { TicketStateInfo } from '../../../shared/sop/ticketLifecycle';
import type { TicketView } from '../../../shared/ticketsApi';
import { pick } from '../../ui/language';
import { useApp, useLoad } from '../appContext';
import { cachedQuery } from '../cache';
import { Notice } from '../components/Notice';
import { ProgressBar } from '../../ui/ProgressBar';
import { TicketHead } from '../components/TicketHead';
import { StepTimeline } from '../../ui/StepTimeline';
import { errorText } from '../errorText';
import { formatBytes, formatTime } from '../format';
import { pageHash } from '../router';
import { T } from '../strings';
import { downloadWorkOrder } from './workOrderDownload';

interface Received {
  ticket: TicketView;
  receivedAt: number;
}

export function MyRequestsPage({ params }: { params: string[] }) {
  const { api, lang, ticketEvent, now, pending, status, failedCommands, storage } = useApp();
  const loaded = useLoad(() => cachedQuery(storage, 'my_tickets', () => api.myTickets(), now), []);
  const [tickets, setTickets] = useState<Map<string, Received>>(new Map());
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  useEffect(() => {
    if (!loaded.data) return;
    // A stale (offline) list was measured when it was stored: its running timers are not extrapolated past then.
    const at = loaded.data.stale ? loaded.data.at : now();
    setTickets(new Map(loaded.data.value.items.map((t) => [t.id, { ticket: t, receivedAt: at }])));
  }, [loaded.data, now]);

  // Ticket events carry the whole view: put it in place (a new ticket — a queued request arriving — on top).
  useEffect(() => {
    const e = ticketEvent.event;
    if (!e) return;
    setTickets((prev) => new Map([[e.ticket.id, { ticket: e.ticket, receivedAt: now() }], ...[...prev].filter(([id]) => id !== e.ticket.id)]));
  }, [ticketEvent.seq, ticketEvent.event, now]);

  // The queue drained: the pending requests have become tickets; fetch them (events are lossy).
  const queued = status?.queuedRequests ?? 0;
  useEffect(() => {
    if (queued === 0 && status?.connection === 'connected') loaded.reload();
  }, [queued, status?.connection, loaded.reload]);

  const list = [...tickets.values()].sort((a, b) => b.ticket.createdAt - a.ticket.createdAt);
  const waiting = queued > 0 ? pending.list() : [];
  const refused = [...failedCommands.entries()];

  async function act(ticket: TicketView, action: 'cancel' | 'resubmit') {
    setMessage(null);
    try {
      const r = await api.act(ticket.id, action);
      if (!r.queued) setTickets((prev) => new Map(prev).set(r.ticket.id, { ticket: r.ticket, receivedAt: now() }));
      else setMessage({ kind: 'ok', text: pick(T.request.queued, lang) });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, lang) });
    }
  }

  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head">
        <h1 id="page-title">{pick(T.tickets.title, lang)}</h1>
        <button type="button" class="btn" onClick={loaded.reload}>
          {pick(T.chrome.refresh, lang)}
        </button>
      </div>
      {loaded.error ? <Notice kind="error">{errorText(loaded.error, lang)}</Notice> : null}
      {loaded.data?.stale ? (
        <p class="hint">
          {pick(T.chrome.lastSeen, lang)} {formatTime(loaded.data.at, lang)}
        </p>
      ) : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {refused.map(([requestId, f]) => (
        <Notice key={requestId} kind="error">
          {pick(T.chrome.queuedFailed, lang)}
          {f.itemName ? ` (${f.itemName})` : ''}: {errorText(f, lang)}
        </Notice>
      ))}
      <ul class="tickets" aria-busy={loaded.loading}>
        {waiting.map((p) => (
          <li key={p.requestId} class="ticket card ticket-pending">
            <div class="ticket-head">
              <h2>
                {p.itemName} <span class="version">{p.itemVersion}</span>
              </h2>
              <span class="badge tone-idle">{pick(T.tickets.pending, lang)}</span>
            </div>
            <p class="meta">
              {pick(T.tickets.requestedAt, lang)}: {formatTime(p.at, lang)}
            </p>
            <p class="hint">{pick(T.tickets.pendingNote, lang)}</p>
          </li>
        ))}
        {list.map(({ ticket, receivedAt }) => (
          <TicketCard
            key={ticket.id}
            ticket={ticket}
            receivedAt={receivedAt}
            status={status}
            highlighted={params[0] === ticket.id}
            onAct={(a) => void act(ticket, a)}
            onError={(text) => setMessage({ kind: 'error', text })}
          />
        ))}
      </ul>
      {!loaded.loading && loaded.data && list.length === 0 && waiting.length === 0 ? <p class="empty">{pick(T.tickets.none, lang)}</p> : null}
    </section>
  );
}

interface TicketCardProps {
  ticket: TicketView;
  receivedAt: number;
  status: AgentStatusView | null;
  highlighted: boolean;
  onAct(action: 'cancel' | 'resubmit'): void;
  onError(text: string): void;
}

function TicketCard({ ticket, receivedAt, status, highlighted, onAct, onError }: TicketCardProps) {
  const { api, lang } = useApp();
  const headingId = `ticket-${ticket.id}`;
  const timeline = <StepTimeline steps={ticket.steps} current={ticket.step} paused={TicketStateInfo[ticket.state].paused} measuredAt={receivedAt} lang={lang} />;
  return (
    <li class={`ticket card${highlighted ? ' highlighted' : ''}`} aria-labelledby={headingId} data-ticket-id={ticket.id}>
      <TicketHead ticket={ticket} lang={lang} headingId={headingId} />
      <p class="meta">
        {ticket.number ? `${pick(T.tickets.number, lang)} ${ticket.number} · ` : ''}
        {pick(T.tickets.requestedAt, lang)}: {formatTime(ticket.createdAt, lang)}
        {ticket.technician ? ` · ${pick(T.tickets.technician, lang)}: ${ticket.technician.name}` : ''}
      </p>
      {ticket.state === 'returned' || ticket.state === 'rejected' ? <LastNote ticketId={ticket.id} updatedAt={ticket.updatedAt} /> : null}
      {TicketStateInfo[ticket.state].closed && !highlighted ? (
        // A closed ticket's steps are history: folded, so the open ones stay in view on a small window.
        <details class="timeline-fold">
          <summary>{pick(T.tickets.timeline, lang)}</summary>
          {timeline}
        </details>
      ) : (
        timeline
      )}
      {ticket.state === 'installing' ? <InstallProgress ticket={ticket} status={status} /> : null}
      <div class="actions">
        {ticket.actions.includes('cancel') ? (
          <button type="button" class="btn" onClick={() => onAct('cancel')} aria-describedby={headingId}>
            {pick(T.tickets.cancel, lang)}
          </button>
        ) : null}
        {ticket.actions.includes('resubmit') ? (
          <button type="button" class="btn btn-primary" onClick={() => onAct('resubmit')} aria-describedby={headingId}>
            {pick(T.tickets.resubmit, lang)}
          </button>
        ) : null}
        {ticket.state === 'awaiting_signoff' ? (
          <a class="btn btn-primary" href={pageHash('sign-off', ticket.id)}>
            {pick(T.tickets.signOff, lang)}
          </a>
        ) : null}
        {ticket.state === 'done' ? (
          <button
            type="button"
            class="btn"
            aria-describedby={headingId}
            onClick={() => downloadWorkOrder(api, ticket.id).catch((err: unknown) => onError(errorText(err, lang)))}
          >
            {pick(T.tickets.workOrder, lang)}
          </button>
        ) : null}
      </div>
      {TicketStateInfo[ticket.state].closed ? null : <span class="sr-only">{pick(TicketStateInfo[ticket.state].name, lang)}</span>}
    </li>
  );
}

/** Why a ticket came back or was refused: the note of its last transition (the reason is required for both). */
function LastNote({ ticketId, updatedAt }: { ticketId: string; updatedAt: number }) {
  const { api, lang } = useApp();
  const detail = useLoad(() => api.ticket(ticketId), [ticketId, updatedAt]);
  const last = detail.data?.events.at(-1);
  if (!last?.note) return null;
  return (
    <p class="ticket-note">
      <strong>{pick(T.tickets.lastNote, lang)}</strong>
      {last.actor ? ` (${last.actor.name})` : ''}: {last.note}
    </p>
  );
}

/** Step 4's bar: the agent's own progress when this PC runs the ticket's job now, else the job as the server saw it. */
function InstallProgress({ ticket, status }: { ticket: TicketView; status: AgentStatusView | null }) {
  const { lang } = useApp();
  const local = status?.installing && status.installing.jobId === ticket.jobId ? status.installing : null;
  const state = local?.state ?? ticket.job?.state ?? 'queued';
  const bytes = local?.bytes ?? ticket.job?.bytes ?? null;
  const total = local?.totalBytes ?? ticket.job?.totalBytes ?? null;
  const fraction = bytes !== null && total ? bytes / total : null;
  const detail = `${phaseName(state, lang)}${bytes !== null && total ? ` · ${formatBytes(bytes)} / ${formatBytes(total)}` : ''}`;
  return (
    <div class="install-progress">
      <div class="progress-label">
        <span>{pick(T.tickets.progress, lang)}</span>
        <span aria-live="polite">{fraction === null ? detail : `${Math.round(fraction * 100)}% · ${detail}`}</span>
      </div>
      <ProgressBar label={`${pick(T.tickets.progress, lang)}: ${detail}`} fraction={fraction} />
    </div>
  );
}

const PHASES: Record<string, { id: string; en: string }> = {
  queued: { id: 'menunggu', en: 'waiting' },
  delivered: { id: 'diterima PC', en: 'received by the PC' },
  downloading: { id: 'mengunduh', en: 'downloading' },
  verified: { id: 'berkas terverifikasi', en: 'file verified' },
  installing: { id: 'memasang', en: 'installing' },
  checking: { id: 'memeriksa hasil', en: 'checking the result' },
  succeeded: { id: 'terpasang', en: 'installed' },
  failed: { id: 'gagal', en: 'failed' },
};

function phaseName(state: string, lang: 'id' | 'en'): string {
  const p = PHASES[state];
  return p ? pick(p, lang) : state;
}
