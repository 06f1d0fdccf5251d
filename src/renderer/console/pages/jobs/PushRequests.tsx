/**
 * Pushes waiting for a second person (SECURITY.md 12): anyone on staff but the requester approves one — and only then
 * are its jobs signed and sent — or rejects it with a reason. The server refuses self-approval anyway; the page just
 * does not offer it.
 */
import { useState } from 'preact/hooks';
import type { PushRequestView } from '../../../../shared/pushRequestsApi';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/Dialog';
import { useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import { useToasts } from '../../../ui/Toasts';
import { useLoaded } from '../../../ui/useLoaded';
import type { ApiClient } from '../../app/api';
import { fill, JobsText as T } from './jobsText';

export interface PushRequestsProps {
  api: ApiClient;
  lang: Language;
  meId: string;
  /** Changes when a push was just held for approval: the list is read again. */
  refreshKey: number;
  onApproved(batchIds: string[], jobs: number): void;
}

interface ApproveReply {
  request: PushRequestView;
  push: { jobs: unknown[] };
}

export function PushRequests({ api, lang, meId, refreshKey, onApproved }: PushRequestsProps) {
  const timeAt = useOfficeTime(lang);
  const t = (x: { id: string; en: string }) => x[lang];
  const toasts = useToasts();
  const list = useLoaded(
    () => api.get<{ total: number; items: PushRequestView[] }>('/api/v1/jobs/requests?state=pending&limit=50'),
    [refreshKey],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<PushRequestView | null>(null);

  async function approve(r: PushRequestView) {
    setBusy(r.id);
    setError(null);
    try {
      const reply = await api.post<ApproveReply>(`/api/v1/jobs/requests/${encodeURIComponent(r.id)}/approve`);
      toasts.show(fill(t(T.approved), { n: reply.push.jobs.length }), 'ok');
      onApproved(reply.request.batchIds, reply.push.jobs.length);
      list.reload();
    } catch (err) {
      setError(errorTextOf(err, lang));
      list.reload();
    } finally {
      setBusy(null);
    }
  }

  const items = list.data?.items ?? [];
  return (
    <section class="card" aria-labelledby="requests-title" data-testid="push-requests">
      <h2 id="requests-title">
        {t(T.requestsTitle)} {list.data ? `(${list.data.total})` : ''}
      </h2>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {list.error ? <p class="form-error">{errorTextOf(list.error, lang)}</p> : null}
      {items.length === 0 && !list.loading ? <p class="muted">{t(T.noRequests)}</p> : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table class="data">
            <caption class="sr-only">{t(T.requestsTitle)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(T.item)}</th>
                <th scope="col">{t(T.action)}</th>
                <th scope="col">{t(T.pcs)}</th>
                <th scope="col">{t(T.requestedBy)}</th>
                <th scope="col">{t(T.requestedAt)}</th>
                <th scope="col">
                  <span class="sr-only">{t(T.approve)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-request={r.id}>
                  <td>
                    {r.item.name} {r.item.version}
                    {r.force ? <span class="badge tone-warn"> {t(T.force)}</span> : null}
                  </td>
                  <td>{r.action === 'install' ? t(T.install) : t(T.uninstall)}</td>
                  <td>{r.pcs}</td>
                  <td>{r.requestedByName ?? r.requestedBy}</td>
                  <td>{timeAt(r.requestedAt)}</td>
                  <td>
                    <div class="btn-row">
                      {r.requestedBy === meId ? (
                        <span class="muted">{t(T.yours)}</span>
                      ) : (
                        <Button small variant="primary" busy={busy === r.id} onClick={() => void approve(r)}>
                          {t(T.approve)}
                        </Button>
                      )}
                      <Button small variant="danger" onClick={() => setRejecting(r)}>
                        {t(T.reject)}
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={rejecting !== null}
        title={t(T.rejectTitle)}
        message={rejecting ? `${rejecting.item.name} ${rejecting.item.version} → ${rejecting.pcs} PC` : undefined}
        confirmLabel={t(T.reject)}
        variant="danger"
        lang={lang}
        reasonLabel={t(T.rejectReason)}
        reasonRequired
        onClose={() => setRejecting(null)}
        onConfirm={async (reason) => {
          await api.post(`/api/v1/jobs/requests/${encodeURIComponent(rejecting!.id)}/reject`, { reason });
          toasts.show(t(T.rejected), 'info');
          list.reload();
        }}
      />
    </section>
  );
}
