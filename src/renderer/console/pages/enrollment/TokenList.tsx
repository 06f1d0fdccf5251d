/**
 * The enrollment tokens made so far (admins), paged on the server: never a token itself — the server keeps only its
 * hash — but its first characters, state, uses left, expiry, who made it and when a PC last used it; each one still
 * usable can be revoked after a confirmation (PCs already enrolled with it keep working).
 */
import { useState } from 'preact/hooks';
import type { EnrollTokenActor, EnrollTokenListResponse, EnrollTokenState, EnrollTokenView } from '../../../../shared/enrollTokensApi';
import { Button } from '../../../ui/Button';
import { DataTable } from '../../../ui/DataTable';
import { ConfirmDialog } from '../../../ui/Dialog';
import { errorTextOf } from '../../../ui/errorText';
import { useToasts } from '../../../ui/Toasts';
import type { Language } from '../../../ui/language';
import type { ApiClient } from '../../app/api';
import { useOfficeTime } from '../../app/officeTime';
import { useLoad } from '../../app/useLoad';

const LIMIT = 20;

const T = {
  title: { id: 'Token yang sudah dibuat', en: 'Tokens made' },
  caption: { id: 'Token pendaftaran', en: 'Enrollment tokens' },
  empty: { id: 'Belum ada token.', en: 'No tokens yet.' },
  token: { id: 'Token', en: 'Token' },
  note: { id: 'Catatan', en: 'Note' },
  state: { id: 'Status', en: 'State' },
  uses: { id: 'Sisa pemakaian', en: 'Uses left' },
  expires: { id: 'Kedaluwarsa', en: 'Expires' },
  created: { id: 'Dibuat', en: 'Created' },
  lastUsed: { id: 'Terakhir dipakai', en: 'Last used' },
  action: { id: 'Tindakan', en: 'Action' },
  never: { id: 'tidak pernah', en: 'never' },
  unlimited: { id: 'tanpa batas', en: 'unlimited' },
  revoke: { id: 'Cabut', en: 'Revoke' },
  revokeTitle: { id: 'Cabut token pendaftaran', en: 'Revoke enrollment token' },
  revokeQ: {
    id: (name: string) => `Cabut token ${name}? Tidak ada PC yang dapat mendaftar dengannya lagi; PC yang sudah terdaftar tetap berjalan.`,
    en: (name: string) => `Revoke token ${name}? No PC can enroll with it any more; PCs already enrolled keep working.`,
  },
  revoked: { id: 'Token dicabut', en: 'Token revoked' },
  by: { id: 'oleh', en: 'by' },
  cli: { id: 'CLI server', en: 'server CLI' },
};

export const TokenStateText: Record<EnrollTokenState, { id: string; en: string; tone: string }> = {
  active: { id: 'Aktif', en: 'Active', tone: 'ok' },
  revoked: { id: 'Dicabut', en: 'Revoked', tone: 'bad' },
  expired: { id: 'Kedaluwarsa', en: 'Expired', tone: 'warn' },
  used_up: { id: 'Habis dipakai', en: 'Used up', tone: 'info' },
};

function actorName(a: EnrollTokenActor | null, lang: Language): string {
  if (!a) return '—';
  if (a.kind === 'cli') return `${T.cli[lang]}${a.name ? ` (${a.name})` : ''}`;
  return a.name ?? a.id ?? a.kind;
}

export interface TokenListProps {
  api: ApiClient;
  lang: Language;
  /** Changes when a token was made on this page: the list is read again. */
  refreshKey: number;
}

export function TokenList({ api, lang, refreshKey }: TokenListProps) {
  const [offset, setOffset] = useState(0);
  const [revoking, setRevoking] = useState<EnrollTokenView | null>(null);
  const list = useLoad(() => api.get<EnrollTokenListResponse>(`/api/v1/enroll-tokens?limit=${LIMIT}&offset=${offset}`), [api, offset, refreshKey]);
  const toasts = useToasts();
  const timeAt = useOfficeTime(lang);
  const t = (x: { id: string; en: string }) => x[lang];
  const label = (tk: EnrollTokenView) => (tk.prefix ? `${tk.prefix}…` : tk.id.slice(0, 8));
  return (
    <section class="card" aria-labelledby="token-list-title" data-testid="enroll-token-list">
      <h2 id="token-list-title">{t(T.title)}</h2>
      {list.error ? (
        <p class="form-error" role="alert">
          {errorTextOf(list.error, lang)}
        </p>
      ) : null}
      <DataTable
        caption={t(T.caption)}
        lang={lang}
        rows={list.data?.items ?? []}
        rowKey={(tk) => tk.id}
        total={list.data?.total ?? 0}
        offset={offset}
        limit={LIMIT}
        onOffset={setOffset}
        loading={list.loading}
        empty={t(T.empty)}
        columns={[
          { key: 'token', header: t(T.token), cell: (tk) => <code data-token-id={tk.id}>{label(tk)}</code> },
          { key: 'note', header: t(T.note), cell: (tk) => tk.note ?? '—' },
          {
            key: 'state',
            header: t(T.state),
            cell: (tk) => (
              <span class={`badge tone-${TokenStateText[tk.state].tone}`} data-state={tk.state}>
                {TokenStateText[tk.state][lang]}
              </span>
            ),
          },
          { key: 'uses', header: t(T.uses), cell: (tk) => (tk.usesLeft === null ? t(T.unlimited) : `${tk.usesLeft} / ${tk.usesAllowed}`) },
          { key: 'expires', header: t(T.expires), cell: (tk) => (tk.expiresAt ? timeAt(tk.expiresAt) : t(T.never)) },
          {
            key: 'created',
            header: t(T.created),
            cell: (tk) => (
              <>
                {timeAt(tk.createdAt)}
                <div class="muted">
                  {t(T.by)} {actorName(tk.createdBy, lang)}
                </div>
              </>
            ),
          },
          { key: 'used', header: t(T.lastUsed), cell: (tk) => (tk.lastUsedAt ? timeAt(tk.lastUsedAt) : '—') },
          {
            key: 'action',
            header: t(T.action),
            cell: (tk) =>
              tk.state === 'revoked' ? (
                <span class="muted">
                  {timeAt(tk.revokedAt)} · {actorName(tk.revokedBy, lang)}
                </span>
              ) : (
                <Button small variant="danger" data-action="revoke" onClick={() => setRevoking(tk)}>
                  {t(T.revoke)}
                </Button>
              ),
          },
        ]}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={t(T.revokeTitle)}
        message={revoking ? T.revokeQ[lang](label(revoking)) : null}
        confirmLabel={t(T.revoke)}
        variant="danger"
        lang={lang}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await api.delete(`/api/v1/enroll-tokens/${encodeURIComponent(revoking.id)}`);
          toasts.show(t(T.revoked), 'ok');
          list.reload();
        }}
      />
    </section>
  );
}
