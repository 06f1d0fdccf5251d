/**
 * The technicians' queue: tickets with their current SOP step, state and a live timer against the step's standard,
 * filtered on the server (state, step, mine, past the standard, open) and paged there. Any ticket change or breach
 * arrives over SSE and reloads the page shown — no polling.
 */
import { useState } from 'preact/hooks';
import { SopSteps, type SopStepNumber } from '../../../../shared/sop/steps';
import { TicketStateInfo, TicketStates, type TicketState } from '../../../../shared/sop/ticketLifecycle';
import type { TicketView } from '../../../../shared/ticketsApi';
import { DataTable } from '../../../ui/DataTable';
import { errorTextOf } from '../../../ui/errorText';
import { StatusBadge } from '../../../ui/StatusBadge';
import { StepTimer } from '../../../ui/StepTimer';
import { useToasts } from '../../../ui/Toasts';
import { routeHash } from '../../app/hashRoute';
import { useLoad } from '../../app/useLoad';
import { useCoalesced, useEvents } from '../../app/useEvents';
import type { PageProps } from '../pageTypes';
import { QueueText as T } from './ticketText';

const LIMIT = 25;

interface Filters {
  state: TicketState | '';
  step: SopStepNumber | 0;
  mine: boolean;
  breached: boolean;
  open: boolean;
}

export function queueQuery(f: Filters, meId: string, offset: number): string {
  const q = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
  if (f.state) q.set('state', f.state);
  if (f.step) q.set('step', String(f.step));
  if (f.mine) q.set('technicianId', meId);
  if (f.breached) q.set('breached', 'true');
  if (f.open || f.breached) q.set('open', 'true');
  return `/api/v1/tickets?${q.toString()}`;
}

/** The open step's timer of a ticket in a list. */
export function TicketTimer({ t, receivedAt, lang }: { t: TicketView; receivedAt: number; lang: PageProps['lang'] }) {
  const open = t.steps.find((s) => s.endedAt === null && s.step === t.step);
  if (!open || t.step === null) return <span class="muted">—</span>;
  const earlier = t.steps.filter((s) => s.step === t.step && s.endedAt !== null).reduce((a, s) => a + s.activeMs, 0);
  return <StepTimer activeMs={earlier + open.activeMs} standardMs={open.standardMs} measuredAt={receivedAt} running={!TicketStateInfo[t.state].paused} lang={lang} />;
}

export function Queue({ api, me, lang }: PageProps) {
  const [filters, setFilters] = useState<Filters>({ state: '', step: 0, mine: false, breached: false, open: true });
  const [offset, setOffset] = useState(0);
  const toasts = useToasts();
  const list = useLoad(() => api.get<{ total: number; items: TicketView[] }>(queueQuery(filters, me.id, offset)), [api, filters, offset, me.id]);
  const reload = useCoalesced(list.reload);
  useEvents(api, '/api/v1/tickets/events', {
    open: reload,
    ticket: reload,
    breach: () => {
      toasts.show(T.breachToast[lang], 'bad');
      reload();
    },
  });
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };
  const t = (x: { id: string; en: string }) => x[lang];
  return (
    <section aria-labelledby="queue-title">
      <div class="page-head">
        <h1 id="queue-title">{t(T.title)}</h1>
        <span class="muted" aria-live="polite">
          {t(T.live)}
        </span>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={lang === 'id' ? 'Saring tiket' : 'Filter tickets'}>
        <span class="field-inline">
          <label for="q-state">{t(T.state)}</label>
          <select id="q-state" value={filters.state} onChange={(e) => set({ state: (e.target as HTMLSelectElement).value as TicketState | '' })}>
            <option value="">{t(T.any)}</option>
            {TicketStates.map((s) => (
              <option key={s} value={s}>
                {TicketStateInfo[s].name[lang]}
              </option>
            ))}
          </select>
        </span>
        <span class="field-inline">
          <label for="q-step">{t(T.step)}</label>
          <select id="q-step" value={String(filters.step)} onChange={(e) => set({ step: Number((e.target as HTMLSelectElement).value) as SopStepNumber | 0 })}>
            <option value="0">{t(T.any)}</option>
            {SopSteps.map((s) => (
              <option key={s.step} value={String(s.step)}>
                {s.step}. {s.name[lang]}
              </option>
            ))}
          </select>
        </span>
        <label class="check-inline">
          <input type="checkbox" checked={filters.mine} onChange={(e) => set({ mine: (e.target as HTMLInputElement).checked })} /> {t(T.mine)}
        </label>
        <label class="check-inline">
          <input type="checkbox" checked={filters.breached} onChange={(e) => set({ breached: (e.target as HTMLInputElement).checked })} /> {t(T.breached)}
        </label>
        <label class="check-inline">
          <input type="checkbox" checked={filters.open} onChange={(e) => set({ open: (e.target as HTMLInputElement).checked })} /> {t(T.openOnly)}
        </label>
      </form>
      {list.error ? (
        <p class="form-error" role="alert">
          {errorTextOf(list.error, lang)}
        </p>
      ) : null}
      <DataTable<TicketView>
        caption={t(T.caption)}
        lang={lang}
        loading={list.loading}
        empty={t(T.empty)}
        rows={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        offset={offset}
        limit={LIMIT}
        onOffset={setOffset}
        rowKey={(r) => r.id}
        columns={[
          { key: 'no', header: t(T.number), cell: (r) => <a href={routeHash('tickets', r.id)}>{r.number ?? r.id.slice(0, 8)}</a> },
          { key: 'item', header: t(T.item), cell: (r) => `${r.item.name} ${r.item.version}` },
          { key: 'req', header: t(T.requester), cell: (r) => r.requester.name },
          { key: 'pc', header: t(T.pc), cell: (r) => r.hostname ?? '—' },
          { key: 'step', header: t(T.step), cell: (r) => (r.step ? `${r.step}. ${SopSteps[r.step - 1]!.name[lang]}` : '—') },
          { key: 'state', header: t(T.state), cell: (r) => <StatusBadge state={r.state} lang={lang} /> },
          { key: 'timer', header: t(T.timer), cell: (r) => <TicketTimer t={r} receivedAt={list.receivedAt} lang={lang} /> },
          { key: 'tech', header: t(T.technician), cell: (r) => r.technician?.name ?? '—' },
        ]}
      />
    </section>
  );
}
