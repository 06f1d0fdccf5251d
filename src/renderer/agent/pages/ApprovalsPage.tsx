/**
 * Persetujuan (Ketua Tim): the team's requests waiting at SOP step 1. Approve, or reject with a reason (the lifecycle
 * requires one); each answer replaces the row with what the server decided. Below them, the team's pending
 * OS-account claims (OsAccountClaims).
 */
import { useEffect, useState } from 'preact/hooks';
import { TicketActions } from '../../../shared/sop/ticketLifecycle';
import type { TicketView } from '../../../shared/ticketsApi';
import { pick } from '../../ui/language';
import { useApp, useLoad } from '../appContext';
import { Notice } from '../components/Notice';
import { TicketHead } from '../components/TicketHead';
import { errorCode, errorText } from '../errorText';
import { formatTime } from '../format';
import { T } from '../strings';
import { OsAccountClaims } from './OsAccountClaims';

export function ApprovalsPage(_props: { params: string[] }) {
  const { api, lang, ticketEvent } = useApp();
  const loaded = useLoad(() => api.approvals(), [ticketEvent.seq]);
  // Decided here: kept on screen with the outcome until the next refresh, so the Ketua Tim sees what happened.
  const [decided, setDecided] = useState<Map<string, TicketView>>(new Map());
  // The refresh button re-reads the claims below too.
  const [refreshed, setRefreshed] = useState(0);

  const forbidden = loaded.error && errorCode(loaded.error) === 'FORBIDDEN';
  const rows = [...(loaded.data?.items ?? [])];
  for (const t of decided.values()) if (!rows.some((r) => r.id === t.id)) rows.push(t);

  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head">
        <h1 id="page-title">{pick(T.approvals.title, lang)}</h1>
        <button
          type="button"
          class="btn"
          onClick={() => {
            loaded.reload();
            setRefreshed((n) => n + 1);
          }}
        >
          {pick(T.chrome.refresh, lang)}
        </button>
      </div>
      <p class="intro">{pick(T.approvals.intro, lang)}</p>
      {forbidden ? <Notice kind="info">{pick(T.approvals.notLead, lang)}</Notice> : null}
      {loaded.error && !forbidden ? <Notice kind="error">{errorText(loaded.error, lang)}</Notice> : null}
      <ul class="tickets" aria-busy={loaded.loading}>
        {rows.map((t) => (
          <ApprovalRow key={t.id} ticket={decided.get(t.id) ?? t} onDecided={(v) => setDecided((prev) => new Map(prev).set(v.id, v))} />
        ))}
      </ul>
      {!loaded.loading && loaded.data && rows.length === 0 ? <p class="empty">{pick(T.approvals.none, lang)}</p> : null}
      <OsAccountClaims refresh={`${ticketEvent.seq}:${refreshed}`} />
    </section>
  );
}

function ApprovalRow({ ticket, onDecided }: { ticket: TicketView; onDecided(t: TicketView): void }) {
  const { api, lang } = useApp();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok' | 'info'; text: string } | null>(null);
  const headingId = `approval-${ticket.id}`;
  const reasonId = `reason-${ticket.id}`;
  const open = ticket.state === 'submitted';

  useEffect(() => {
    if (rejecting) document.getElementById(reasonId)?.focus();
  }, [rejecting, reasonId]);

  async function decide(action: 'approve' | 'reject') {
    if (action === 'reject' && reason.trim() === '') {
      setMessage({ kind: 'error', text: pick(T.approvals.reasonRequired, lang) });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.act(ticket.id, action, action === 'reject' ? reason.trim() : undefined);
      if (r.queued) setMessage({ kind: 'info', text: pick(T.request.queued, lang) });
      else {
        onDecided(r.ticket);
        setMessage({ kind: 'ok', text: pick(action === 'approve' ? T.approvals.approved : T.approvals.rejected, lang) });
      }
      setRejecting(false);
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, lang) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="ticket card" aria-labelledby={headingId} data-ticket-id={ticket.id}>
      <TicketHead ticket={ticket} lang={lang} headingId={headingId} />
      <dl class="facts">
        <dt>{pick(T.approvals.requester, lang)}</dt>
        <dd>
          {ticket.requester.name}
          {ticket.requester.nip ? ` · NIP ${ticket.requester.nip}` : ''}
        </dd>
        <dt>{pick(T.approvals.pc, lang)}</dt>
        <dd>{ticket.hostname ?? ticket.agentId}</dd>
        <dt>{pick(T.tickets.requestedAt, lang)}</dt>
        <dd>{formatTime(ticket.createdAt, lang)}</dd>
        <dt>{pick(T.approvals.justification, lang)}</dt>
        <dd class="prewrap">{ticket.justification}</dd>
      </dl>
      {open && !rejecting ? (
        <div class="actions">
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void decide('approve')} aria-describedby={headingId}>
            {pick(TicketActions.approve.name, lang)}
          </button>
          <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setRejecting(true)} aria-describedby={headingId}>
            {pick(TicketActions.reject.name, lang)}
          </button>
        </div>
      ) : null}
      {open && rejecting ? (
        <div class="reject-box">
          <label class="field">
            <span>{pick(T.approvals.reason, lang)}</span>
            <textarea id={reasonId} rows={3} maxLength={2000} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <div class="actions">
            <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void decide('reject')}>
              {pick(T.approvals.confirmReject, lang)}
            </button>
            <button type="button" class="btn" disabled={busy} onClick={() => setRejecting(false)}>
              {pick(T.approvals.cancelReject, lang)}
            </button>
          </div>
        </div>
      ) : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
    </li>
  );
}
