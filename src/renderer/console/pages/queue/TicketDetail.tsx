/**
 * One ticket as a technician works it: the request (requester, PC, item, justification, Nota Dinas), the spec check
 * with its reasons, the install job's live progress, the test, the employee's sign-off, the six steps against their
 * standards and every event — and exactly the action buttons the server says the caller may take now.
 */
import { useState } from 'preact/hooks';
import { TicketActions, TicketStateInfo, type TicketAction } from '../../../../shared/sop/ticketLifecycle';
import type { TicketDetail as Ticket } from '../../../../shared/ticketsApi';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/Dialog';
import { formatBytes } from '../../../ui/duration';
import { useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import { jobFraction, jobStateName, jobTone } from '../../../ui/jobProgress';
import { ProgressBar } from '../../../ui/ProgressBar';
import { StatusBadge } from '../../../ui/StatusBadge';
import { StepTimeline } from '../../../ui/StepTimeline';
import { useToasts } from '../../../ui/Toasts';
import { ApiError, type ApiClient } from '../../app/api';
import { routeHash } from '../../app/hashRoute';
import { useEvents } from '../../app/useEvents';
import { useLoad } from '../../app/useLoad';
import type { PageProps } from '../pageTypes';
import { TicketTimer } from './Queue';
import { TicketText as T } from './ticketText';

/** Actions the PC reports, never a button. */
const REPORTED: readonly TicketAction[] = ['install_succeeded', 'install_failed'];

interface LiveJob {
  id: string;
  state: string;
  progress: { bytes: number | null; totalBytes: number | null };
  message: string | null;
  errorCode: string | null;
}

interface UserRow {
  id: string;
  displayName: string;
  qualification: string | null;
  disabled: boolean;
}

export function TicketDetail({ api, me, lang, params }: PageProps) {
  const timeAt = useOfficeTime(lang);
  const id = params[0] ?? '';
  const staff = me.roles.includes('admin') || me.roles.includes('technician');
  const ticket = useLoad(() => api.get<Ticket>(`/api/v1/tickets/${encodeURIComponent(id)}`), [api, id]);
  const [job, setJob] = useState<LiveJob | null>(null);
  const [acting, setActing] = useState<TicketAction | null>(null);
  const toasts = useToasts();
  const t = (x: { id: string; en: string }) => x[lang];
  const tk = ticket.data;

  // Staff and the requester's Ketua Tim alike: the server sends each only the tickets they may see.
  const ifThis = (c: unknown) => {
    if ((c as { ticketId?: string }).ticketId === id) ticket.reload();
  };
  // Opened (or reopened) streams reload what may have changed before they were listening.
  useEvents(api, '/api/v1/tickets/events', { open: () => ticket.reload(), ticket: ifThis, breach: ifThis });
  useEvents(api, staff && tk?.jobId ? '/api/v1/jobs/events' : null, {
    open: () => {
      const jobId = tk?.jobId;
      if (jobId)
        api.get<LiveJob>(`/api/v1/jobs/${encodeURIComponent(jobId)}`).then(
          (view) => setJob((current) => (tk?.jobId === view.id ? view : current)),
          () => undefined, // the stream's events still come; the ticket shows its own job state meanwhile
        );
    },
    job: (j) => {
      const view = j as LiveJob;
      if (view.id === tk?.jobId) setJob(view);
    },
  });

  if (ticket.error && !tk)
    return (
      <p class="form-error" role="alert">
        {errorTextOf(ticket.error, lang)}
      </p>
    );
  if (!tk) return <p aria-busy="true">…</p>;

  const actions = tk.actions.filter((a) => !REPORTED.includes(a));
  const liveJob =
    job && job.id === tk.jobId
      ? { state: job.state, bytes: job.progress.bytes, totalBytes: job.progress.totalBytes, message: job.message, errorCode: job.errorCode }
      : tk.job;
  const signOff = [...tk.events].reverse().find((e) => e.action === 'sign_off');
  const notWorking = [...tk.events].reverse().find((e) => e.action === 'not_working');

  return (
    <section aria-labelledby="ticket-title">
      <p>
        <a href={staff ? '#/queue' : '#/approvals'}>{staff ? t(T.back) : lang === 'id' ? '‹ Kembali' : '‹ Back'}</a>
      </p>
      <div class="page-head">
        <h1 id="ticket-title">
          {t(T.ticket)} {tk.number ?? tk.id.slice(0, 8)} — {tk.item.name} {tk.item.version}
        </h1>
        <span class="btn-row">
          <StatusBadge state={tk.state} lang={lang} />
          <TicketTimer t={tk} receivedAt={ticket.receivedAt} lang={lang} />
        </span>
      </div>

      <div class="card" aria-labelledby="actions-title">
        <h2 id="actions-title">{t(T.actions)}</h2>
        <div class="btn-row" data-testid="ticket-actions">
          {actions.length === 0 ? <span class="muted">{t(T.noActions)}</span> : null}
          {actions.map((a) => (
            <Button key={a} variant={a === 'reject' || a === 'test_failed' ? 'danger' : 'primary'} data-action={a} onClick={() => setActing(a)}>
              {TicketActions[a].name[lang]}
            </Button>
          ))}
          {tk.number ? (
            <a class="btn" href={`/api/v1/tickets/${encodeURIComponent(tk.id)}/work-order.pdf`} download data-testid="work-order-pdf">
              {t(T.workOrder)}
            </a>
          ) : null}
        </div>
      </div>

      <div class="two-col">
        <div class="card">
          <h2>{t(T.details)}</h2>
          <dl class="facts">
            <dt>{t(T.requester)}</dt>
            <dd>
              {tk.requester.name}
              {tk.requester.nip ? ` · ${t(T.nip)} ${tk.requester.nip}` : ''}
            </dd>
            <dt>{t(T.team)}</dt>
            <dd>{tk.team?.name ?? '—'}</dd>
            <dt>{t(T.pc)}</dt>
            <dd>{staff ? <a href={routeHash('pcs', tk.agentId)}>{tk.hostname ?? tk.agentId}</a> : (tk.hostname ?? tk.agentId)}</dd>
            <dt>{t(T.osUser)}</dt>
            <dd>{tk.osUser ?? '—'}</dd>
            <dt>{t(T.item)}</dt>
            <dd>
              {tk.item.name} {tk.item.version}
            </dd>
            <dt>{t(T.justification)}</dt>
            <dd data-testid="justification">{tk.justification}</dd>
            <dt>{t(T.approval)}</dt>
            <dd>{tk.approvalMode === 'nota_dinas' ? t(T.approvalNota) : t(T.approvalLead)}</dd>
            {tk.notaDinas ? (
              <>
                <dt>{t(T.notaDinas)}</dt>
                <dd>
                  {staff ? <a href={`/api/v1/attachments/${encodeURIComponent(tk.notaDinas.attachmentId)}`}>{tk.notaDinas.fileName}</a> : tk.notaDinas.fileName}
                  <br />
                  <span class="mono muted">SHA-256 {tk.notaDinas.sha256}</span>
                </dd>
              </>
            ) : null}
            <dt>{t(T.technician)}</dt>
            <dd>{tk.technician?.name ?? '—'}</dd>
            <dt>{t(T.created)}</dt>
            <dd>{timeAt(tk.createdAt)}</dd>
          </dl>
        </div>

        <div class="card" data-testid="spec-check">
          <h2>{t(T.specCheck)}</h2>
          {tk.specCheck ? (
            <>
              <p>
                <span class={`badge tone-${tk.specCheck.suitable ? 'ok' : 'bad'}`}>{tk.specCheck.suitable ? t(T.suitable) : t(T.notSuitable)}</span>{' '}
                <span class="muted">{timeAt(tk.specCheck.checkedAt)}</span>
              </p>
              {tk.specCheck.reasons.length > 0 ? (
                <>
                  <h3>{t(T.reasons)}</h3>
                  <ul class="reasons">
                    {tk.specCheck.reasons.map((r) => (
                      <li key={r.code}>{r[lang]}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <dl class="facts">
                <dt>{t(T.variant)}</dt>
                <dd>{tk.specCheck.variant ? `${tk.specCheck.variant.os} · ${tk.specCheck.variant.kind}` : '—'}</dd>
                <dt>{t(T.specs)}</dt>
                <dd>
                  {[tk.specCheck.pc.os, tk.specCheck.pc.cpu, tk.specCheck.pc.cores ? `${tk.specCheck.pc.cores} core` : null, tk.specCheck.pc.memoryTotalBytes ? `RAM ${formatBytes(tk.specCheck.pc.memoryTotalBytes)}` : null, tk.specCheck.pc.diskFreeBytes ? `disk ${formatBytes(tk.specCheck.pc.diskFreeBytes)}` : null]
                    .filter(Boolean)
                    .join(' · ')}
                </dd>
                {tk.specCheck.override ? (
                  <>
                    <dt>{t(T.override)}</dt>
                    <dd>
                      {tk.specCheck.override.reason} ({timeAt(tk.specCheck.override.at)})
                    </dd>
                  </>
                ) : null}
              </dl>
            </>
          ) : (
            <p class="muted">{t(T.notChecked)}</p>
          )}
        </div>
      </div>

      {liveJob ? (
        <div class="card" data-testid="install-progress">
          <h2>{t(T.install)}</h2>
          <p aria-live="polite">
            {t(T.jobState)}: <strong data-testid="job-state">{jobStateName(liveJob.state)[lang]}</strong>
            {liveJob.totalBytes ? ` · ${formatBytes(liveJob.bytes ?? 0)} / ${formatBytes(liveJob.totalBytes)}` : ''}
            {liveJob.errorCode ? ` · ${errorTextOf({ code: liveJob.errorCode }, lang)}` : ''}
          </p>
          <ProgressBar fraction={jobFraction(liveJob.state, liveJob.bytes, liveJob.totalBytes)} tone={jobTone(liveJob.state)} label={t(T.progress)} />
          {liveJob.message ? <p class="muted">{liveJob.message}</p> : null}
        </div>
      ) : null}

      {tk.test || tk.state === 'testing' ? (
        <div class="card" data-testid="test-record">
          <h2>{t(T.test)}</h2>
          {tk.test ? (
            <dl class="facts">
              <dt>{t(T.test)}</dt>
              <dd>
                <span class={`badge tone-${tk.test.passed ? 'ok' : 'bad'}`}>{tk.test.passed ? t(T.testPassed) : t(T.testFailed)}</span> {timeAt(tk.test.at)}
              </dd>
              {tk.test.note ? (
                <>
                  <dt>{t(T.note)}</dt>
                  <dd>{tk.test.note}</dd>
                </>
              ) : null}
              {tk.test.detection ? (
                <>
                  <dt>{t(T.detected)}</dt>
                  <dd>
                    {tk.test.detection.installed ? t(T.yes) : t(T.no)}
                    {tk.test.detection.version ? ` (${tk.test.detection.version})` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p class="muted">{t(T.testWaiting)}</p>
          )}
        </div>
      ) : null}

      {tk.step === 6 || signOff || notWorking ? (
        <div class="card" data-testid="sign-off">
          <h2>{t(T.signOff)}</h2>
          {signOff && tk.state === 'done' ? (
            <p>
              <span class="badge tone-ok">✓</span> {t(T.signedBy)} <strong>{signOff.actor?.name ?? tk.requester.name}</strong>, {timeAt(signOff.at)}
            </p>
          ) : (
            <p class="muted">{t(T.waitingSignOff)}</p>
          )}
          {notWorking && tk.state !== 'done' ? (
            <p>
              {t(T.notWorking)}: {notWorking.note}
            </p>
          ) : null}
        </div>
      ) : null}

      <div class="two-col">
        <div class="card">
          <h2>{t(T.timeline)}</h2>
          <StepTimeline steps={tk.steps} current={tk.step} paused={TicketStateInfo[tk.state].paused} measuredAt={ticket.receivedAt} lang={lang} formatTime={timeAt} />
        </div>
        <div class="card">
          <h2>{t(T.events)}</h2>
          <ul class="events">
            {[...tk.events].reverse().map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <strong>{(TicketActions as Record<string, { name: { id: string; en: string } } | undefined>)[e.action]?.name[lang] ?? (e.action === 'submit' ? (lang === 'id' ? 'Diajukan' : 'Submitted') : e.action)}</strong>{' '}
                → <StatusBadge state={e.toState} lang={lang} /> <span class="muted">{timeAt(e.at)}</span>
                <br />
                <span class="muted">
                  {e.actor?.name ?? t(T.system)}
                  {e.via ? ` · ${e.via}` : ''}
                </span>
                {e.note ? <div>{e.note}</div> : null}
              </li>
            ))}
          </ul>
        </div>
      </div>

      <ActionDialog
        api={api}
        lang={lang}
        ticketId={tk.id}
        action={acting}
        isAdmin={me.roles.includes('admin')}
        onClose={() => setActing(null)}
        onDone={() => {
          toasts.show(t(T.done), 'ok');
          ticket.reload();
        }}
      />
    </section>
  );
}

function ActionDialog(p: {
  api: ApiClient;
  lang: PageProps['lang'];
  ticketId: string;
  action: TicketAction | null;
  isAdmin: boolean;
  onClose(): void;
  onDone(): void;
}) {
  const [technicianId, setTechnicianId] = useState('');
  const technicians = useLoad(
    () =>
      p.action === 'allocate' && p.isAdmin
        ? p.api.get<{ items: UserRow[] }>('/api/v1/users?role=technician&limit=500').then((r) => r.items.filter((u) => u.qualification !== null && !u.disabled))
        : Promise.resolve([] as UserRow[]),
    [p.api, p.action, p.isAdmin],
  );
  const a = p.action;
  const t = (x: { id: string; en: string }) => x[p.lang];
  const rule = a ? TicketActions[a] : null;
  const reasonLabel = a === 'test_passed' ? t(T.testNote) : a === 'test_failed' ? t(T.testFailNote) : rule?.needsNote ? t(T.reason) : undefined;
  return (
    <ConfirmDialog
      open={a !== null}
      title={rule ? rule.name[p.lang] : ''}
      confirmLabel={rule ? rule.name[p.lang] : ''}
      lang={p.lang}
      variant={a === 'reject' || a === 'test_failed' ? 'danger' : 'primary'}
      {...(reasonLabel ? { reasonLabel } : {})}
      reasonRequired={Boolean(rule?.needsNote)}
      onClose={p.onClose}
      onConfirm={async (reason) => {
        if (!a) return;
        if (a === 'allocate' && !technicianId) throw new ApiError(400, 'BAD_REQUEST', 'pick a technician');
        await p.api.post(`/api/v1/tickets/${encodeURIComponent(p.ticketId)}/actions`, {
          action: a,
          ...(reason ? { note: reason } : {}),
          ...(a === 'allocate' ? { technicianId } : {}),
          ...((a === 'test_passed' || a === 'test_failed') && reason ? { test: { checks: reason } } : {}),
        });
        p.onDone();
      }}
    >
      {a === 'allocate' ? (
        <>
          <label for="allocate-tech">{t(T.pickTechnician)} *</label>
          <select id="allocate-tech" required value={technicianId} onChange={(e) => setTechnicianId((e.target as HTMLSelectElement).value)}>
            <option value="">—</option>
            {(technicians.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </>
      ) : null}
    </ConfirmDialog>
  );
}
