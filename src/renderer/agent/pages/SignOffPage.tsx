/**
 * Tanda tangan: SOP step 6. For each ticket waiting on this person's signature: what was installed, how it was
 * verified (detection on the PC after the install, the technician's test record, the spec check's installer), then
 * sign the work order off, or say it does not work with a note (back to the technician's test).
 */
import { useEffect, useState } from 'preact/hooks';
import type { TicketView } from '../../../shared/ticketsApi';
import { pick } from '../../ui/language';
import { useApp, useLoad } from '../appContext';
import { cachedQuery } from '../cache';
import { Notice } from '../components/Notice';
import { TicketHead } from '../components/TicketHead';
import { errorText } from '../errorText';
import { formatTime } from '../format';
import { T } from '../strings';

export function SignOffPage({ params }: { params: string[] }) {
  const { api, lang, ticketEvent, storage, now } = useApp();
  // Offline the list as last seen stands in: a sign-off then is queued in the outbox like a request.
  const loaded = useLoad(() => cachedQuery(storage, 'my_tickets', () => api.myTickets(), now), [ticketEvent.seq]);
  const [answered, setAnswered] = useState<Map<string, { ticket: TicketView; text: string }>>(new Map());
  const waiting = (loaded.data?.value.items ?? []).filter((t) => t.state === 'awaiting_signoff' && !answered.has(t.id));
  // The one a notification pointed at first.
  waiting.sort((a, b) => Number(b.id === params[0]) - Number(a.id === params[0]) || a.updatedAt - b.updatedAt);

  return (
    <section aria-labelledby="page-title" class="page">
      <h1 id="page-title">{pick(T.signOff.title, lang)}</h1>
      <p class="intro">{pick(T.signOff.intro, lang)}</p>
      {loaded.error ? <Notice kind="error">{errorText(loaded.error, lang)}</Notice> : null}
      <ul class="tickets" aria-busy={loaded.loading}>
        {[...answered.values()].map(({ ticket, text }) => (
          <li key={ticket.id} class="ticket card" data-ticket-id={ticket.id}>
            <TicketHead ticket={ticket} lang={lang} />
            <Notice kind="ok">{text}</Notice>
          </li>
        ))}
        {waiting.map((t) => (
          <SignOffCard
            key={t.id}
            ticket={t}
            onAnswered={(ticket, text) => setAnswered((prev) => new Map(prev).set(ticket.id, { ticket, text }))}
          />
        ))}
      </ul>
      {!loaded.loading && loaded.data && waiting.length === 0 && answered.size === 0 ? <p class="empty">{pick(T.signOff.none, lang)}</p> : null}
    </section>
  );
}

function SignOffCard({ ticket, onAnswered }: { ticket: TicketView; onAnswered(t: TicketView, text: string): void }) {
  const { api, lang } = useApp();
  const [reporting, setReporting] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = `signoff-${ticket.id}`;
  const noteId = `note-${ticket.id}`;
  const test = ticket.test;
  const detection = test?.detection ?? null;

  useEffect(() => {
    if (reporting) document.getElementById(noteId)?.focus();
  }, [reporting, noteId]);

  async function answer(action: 'sign_off' | 'not_working') {
    if (action === 'not_working' && note.trim() === '') {
      setError(pick(T.signOff.noteRequired, lang));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.act(ticket.id, action, action === 'not_working' ? note.trim() : undefined);
      const text = r.queued ? pick(T.request.queued, lang) : pick(action === 'sign_off' ? T.signOff.signed : T.signOff.reported, lang);
      onAnswered(r.queued ? ticket : r.ticket, text);
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="ticket card" aria-labelledby={headingId} data-ticket-id={ticket.id}>
      <TicketHead ticket={ticket} lang={lang} headingId={headingId} />
      <dl class="facts">
        {ticket.number ? (
          <>
            <dt>{pick(T.tickets.number, lang)}</dt>
            <dd>{ticket.number}</dd>
          </>
        ) : null}
        <dt>{pick(T.signOff.installed, lang)}</dt>
        <dd>
          {ticket.item.name} {ticket.item.version}
          {ticket.specCheck?.variant ? ` (${ticket.specCheck.variant.kind}, ${ticket.specCheck.variant.os})` : ''}
          {ticket.hostname ? ` — ${ticket.hostname}` : ''}
        </dd>
        <dt>{pick(T.signOff.detection, lang)}</dt>
        <dd>
          {detection
            ? `${pick(detection.installed ? T.signOff.detected : T.signOff.notDetected, lang)}${detection.version ? `, ${pick(T.signOff.version, lang)} ${detection.version}` : ''}`
            : '—'}
        </dd>
        <dt>{pick(T.signOff.test, lang)}</dt>
        <dd>
          {test ? (
            <>
              {pick(test.passed ? T.signOff.testPassed : T.signOff.testFailed, lang)}
              {/* The record names its technician by id: shown by name when it is the ticket's technician. */}
              {test.by === ticket.technician?.id ? ` · ${pick(T.signOff.by, lang)} ${ticket.technician.name}` : ''} · {formatTime(test.at, lang)}
              {test.note ? <p class="prewrap test-note">{test.note}</p> : null}
            </>
          ) : (
            '—'
          )}
        </dd>
        {ticket.technician ? (
          <>
            <dt>{pick(T.tickets.technician, lang)}</dt>
            <dd>{ticket.technician.name}</dd>
          </>
        ) : null}
      </dl>
      {!reporting ? (
        <div class="actions">
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void answer('sign_off')} aria-describedby={headingId}>
            {pick(T.signOff.sign, lang)}
          </button>
          <button type="button" class="btn" disabled={busy} onClick={() => setReporting(true)} aria-describedby={headingId}>
            {pick(T.signOff.notWorking, lang)}
          </button>
        </div>
      ) : (
        <div class="reject-box">
          <label class="field">
            <span>{pick(T.signOff.note, lang)}</span>
            <textarea id={noteId} rows={3} maxLength={2000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <div class="actions">
            <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void answer('not_working')}>
              {pick(T.signOff.send, lang)}
            </button>
            <button type="button" class="btn" disabled={busy} onClick={() => setReporting(false)}>
              {pick(T.signOff.back, lang)}
            </button>
          </div>
        </div>
      )}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </li>
  );
}
