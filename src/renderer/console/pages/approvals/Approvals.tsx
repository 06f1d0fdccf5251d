/**
 * The Ketua Tim's approvals: the submitted requests of the teams they lead (never their own), each approved, or
 * rejected with a reason. The list is read when the page opens and again whenever the ticket event stream — which
 * the server gives a Ketua Tim for their teams' tickets only — says one changed (a new request, a decision taken
 * elsewhere): live, no polling.
 */
import { useState } from 'preact/hooks';
import { TicketActions } from '../../../../shared/sop/ticketLifecycle';
import type { TicketView } from '../../../../shared/ticketsApi';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/Dialog';
import { useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import { useToasts } from '../../../ui/Toasts';
import { routeHash } from '../../app/hashRoute';
import { useLoad } from '../../app/useLoad';
import { useCoalesced, useEvents } from '../../app/useEvents';
import type { PageProps } from '../pageTypes';

const T = {
  title: { id: 'Persetujuan Ketua Tim', en: 'Team lead approvals' },
  intro: {
    id: 'Permintaan perangkat lunak dari anggota tim Anda yang menunggu persetujuan (langkah 1 SOP).',
    en: "Software requests from your team's members waiting for approval (SOP step 1).",
  },
  empty: { id: 'Tidak ada permintaan yang menunggu persetujuan.', en: 'No requests waiting for approval.' },
  requester: { id: 'Pemohon', en: 'Requester' },
  item: { id: 'Perangkat lunak', en: 'Software' },
  pc: { id: 'PC', en: 'PC' },
  justification: { id: 'Alasan kebutuhan', en: 'Justification' },
  requested: { id: 'Diajukan', en: 'Requested' },
  actions: { id: 'Keputusan', en: 'Decision' },
  reason: { id: 'Alasan penolakan', en: 'Reason for rejecting' },
  approveQ: { id: (who: string, item: string) => `Setujui permintaan ${item} dari ${who}?`, en: (who: string, item: string) => `Approve ${who}'s request for ${item}?` },
  approved: { id: 'Permintaan disetujui', en: 'Request approved' },
  rejected: { id: 'Permintaan ditolak', en: 'Request rejected' },
  caption: { id: 'Permintaan menunggu persetujuan', en: 'Requests awaiting approval' },
};

export function Approvals({ api, lang }: PageProps) {
  const timeAt = useOfficeTime(lang);
  const list = useLoad(() => api.get<{ items: TicketView[] }>('/api/v1/approvals'), [api]);
  const reload = useCoalesced(list.reload);
  useEvents(api, '/api/v1/tickets/events', { open: reload, ticket: reload });
  const [deciding, setDeciding] = useState<{ ticket: TicketView; action: 'approve' | 'reject' } | null>(null);
  const toasts = useToasts();
  const t = (x: { id: string; en: string }) => x[lang];
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t(T.title)}</h1>
      <p class="muted">{t(T.intro)}</p>
      {list.error ? (
        <p class="form-error" role="alert">
          {errorTextOf(list.error, lang)}
        </p>
      ) : null}
      <div class="table-wrap" aria-busy={list.loading ? 'true' : 'false'}>
        <table class="data">
          <caption>
            {t(T.caption)} — {items.length}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t(T.requester)}</th>
              <th scope="col">{t(T.item)}</th>
              <th scope="col">{t(T.pc)}</th>
              <th scope="col">{t(T.justification)}</th>
              <th scope="col">{t(T.requested)}</th>
              <th scope="col">{t(T.actions)}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((tk) => (
              <tr key={tk.id} data-ticket={tk.id}>
                <td>
                  <a href={routeHash('tickets', tk.id)}>{tk.requester.name}</a>
                  {tk.requester.nip ? <div class="muted mono">{tk.requester.nip}</div> : null}
                </td>
                <td>
                  {tk.item.name} {tk.item.version}
                </td>
                <td>{tk.hostname ?? '—'}</td>
                <td>{tk.justification}</td>
                <td>{timeAt(tk.createdAt)}</td>
                <td>
                  <span class="btn-row">
                    <Button small variant="primary" data-action="approve" onClick={() => setDeciding({ ticket: tk, action: 'approve' })}>
                      {TicketActions.approve.name[lang]}
                    </Button>
                    <Button small variant="danger" data-action="reject" onClick={() => setDeciding({ ticket: tk, action: 'reject' })}>
                      {TicketActions.reject.name[lang]}
                    </Button>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && !list.loading ? <p class="empty">{t(T.empty)}</p> : null}
      </div>
      <ConfirmDialog
        open={deciding !== null}
        title={deciding ? TicketActions[deciding.action].name[lang] : ''}
        message={deciding ? T.approveQ[lang](deciding.ticket.requester.name, `${deciding.ticket.item.name} ${deciding.ticket.item.version}`) : null}
        confirmLabel={deciding ? TicketActions[deciding.action].name[lang] : ''}
        variant={deciding?.action === 'reject' ? 'danger' : 'primary'}
        lang={lang}
        {...(deciding?.action === 'reject' ? { reasonLabel: t(T.reason), reasonRequired: true } : {})}
        onClose={() => setDeciding(null)}
        onConfirm={async (reason) => {
          if (!deciding) return;
          await api.post(`/api/v1/tickets/${encodeURIComponent(deciding.ticket.id)}/actions`, { action: deciding.action, ...(reason ? { note: reason } : {}) });
          toasts.show(t(deciding.action === 'approve' ? T.approved : T.rejected), 'ok');
          list.reload();
        }}
      />
    </section>
  );
}
