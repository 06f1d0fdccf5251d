/**
 * The audit log (admins): newest first with filters (action — `ticket.*` for an area —, target, actor), paged by
 * `before`, each entry's details as text; and the chain check, which re-hashes every entry and names the first one
 * that does not match.
 */
import { useState } from 'preact/hooks';
import type { AuditEntryView } from '../../../../shared/auditApi';
import { Button } from '../../../ui/Button';
import { useOfficeTime } from '../../app/officeTime';
import { errorTextOf } from '../../../ui/errorText';
import { useLoaded } from '../../../ui/useLoaded';
import type { PageProps } from '../pageTypes';

const T = {
  title: { id: 'Log audit', en: 'Audit log' },
  verify: { id: 'Periksa rantai hash', en: 'Check the hash chain' },
  chainOk: {
    id: 'Rantai utuh: {n} entri diperiksa, tidak ada yang berubah.',
    en: 'Chain intact: {n} entries checked, none changed.',
  },
  chainBroken: {
    id: 'Rantai RUSAK mulai entri #{seq} ({checked} entri sebelumnya utuh). Alasan: {reason}',
    en: 'Chain BROKEN from entry #{seq} ({checked} earlier entries intact). Reason: {reason}',
  },
  lastHash: { id: 'Hash terakhir (catat di tempat lain)', en: 'Newest hash (keep a copy elsewhere)' },
  action: { id: 'Tindakan', en: 'Action' },
  target: { id: 'Sasaran', en: 'Target' },
  actor: { id: 'Pelaku (id)', en: 'Actor (id)' },
  apply: { id: 'Terapkan', en: 'Apply' },
  when: { id: 'Waktu', en: 'When' },
  who: { id: 'Pelaku', en: 'Who' },
  from: { id: 'Dari', en: 'From' },
  details: { id: 'Rincian', en: 'Details' },
  newer: { id: '‹ Terbaru', en: '‹ Newest' },
  older: { id: 'Lebih lama ›', en: 'Older ›' },
  filterHint: { id: 'mis. ticket.* atau job.push', en: 'e.g. ticket.* or job.push' },
};

const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

type Verify =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; firstBrokenSeq: number; reason: string; entriesChecked: number };

export function Audit({ api, lang }: PageProps) {
  const timeAt = useOfficeTime(lang);
  const t = (x: { id: string; en: string }) => x[lang];
  const [draft, setDraft] = useState({ action: '', target: '', actorId: '' });
  const [filters, setFilters] = useState(draft);
  const [before, setBefore] = useState<number | null>(null);
  const list = useLoaded(() => {
    const q = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(filters)) if (v.trim()) q.set(k, v.trim());
    if (before !== null) q.set('before', String(before));
    return api.get<{ items: AuditEntryView[]; nextBefore: number | null }>(`/api/v1/audit?${q.toString()}`);
  }, [filters, before]);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  async function check() {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerify(await api.get<Verify>('/api/v1/audit/verify'));
    } catch (err) {
      setVerifyError(errorTextOf(err, lang));
    } finally {
      setVerifying(false);
    }
  }

  const field = (key: keyof typeof draft, label: string, hint?: string) => (
    <span class="field-inline">
      <label for={`audit-${key}`}>{label}</label>
      <input
        id={`audit-${key}`}
        maxLength={256}
        placeholder={hint}
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })}
      />
    </span>
  );
  return (
    <section>
      <div class="page-head">
        <h1>{t(T.title)}</h1>
        <Button variant="primary" busy={verifying} onClick={() => void check()} data-testid="audit-verify">
          {t(T.verify)}
        </Button>
      </div>
      <div aria-live="polite" data-testid="audit-verify-result">
        {verifyError ? <p class="form-error">{verifyError}</p> : null}
        {verify?.ok === true ? (
          <p class="badge tone-ok" data-chain="ok">
            {fill(t(T.chainOk), { n: verify.entries })}
            <br />
            <span class="muted">{t(T.lastHash)}: </span>
            <code>{verify.lastHash}</code>
          </p>
        ) : null}
        {verify?.ok === false ? (
          <p class="form-error" role="alert" data-chain="broken">
            {fill(t(T.chainBroken), {
              seq: verify.firstBrokenSeq,
              checked: verify.entriesChecked,
              reason: verify.reason,
            })}
          </p>
        ) : null}
      </div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setBefore(null);
          setFilters(draft);
        }}
      >
        {field('action', t(T.action), t(T.filterHint))}
        {field('target', t(T.target), 'ticket:…')}
        {field('actorId', t(T.actor))}
        <Button type="submit">{t(T.apply)}</Button>
      </form>
      {list.error ? <p class="form-error">{errorTextOf(list.error, lang)}</p> : null}
      <div class="table-wrap" aria-busy={list.loading ? 'true' : 'false'}>
        <table class="data">
          <caption>{t(T.title)}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t(T.when)}</th>
              <th scope="col">{t(T.who)}</th>
              <th scope="col">{t(T.from)}</th>
              <th scope="col">{t(T.action)}</th>
              <th scope="col">{t(T.target)}</th>
              <th scope="col">{t(T.details)}</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{timeAt(e.at)}</td>
                <td>
                  <span class="muted">{e.actorKind}</span> {e.actorId ?? ''}
                </td>
                <td>{e.source ?? '—'}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.target ?? '—'}</td>
                <td>
                  {e.data === null || e.data === undefined ? (
                    '—'
                  ) : (
                    <details>
                      <summary>{t(T.details)}</summary>
                      <pre class="mono" style={{ whiteSpace: 'pre-wrap', maxWidth: '40rem', overflowWrap: 'anywhere' }}>
                        {JSON.stringify(e.data, null, 2)}
                      </pre>
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav class="pager" aria-label={t(T.title)}>
          <Button small disabled={before === null} onClick={() => setBefore(null)}>
            {t(T.newer)}
          </Button>
          <Button small disabled={!list.data?.nextBefore} onClick={() => setBefore(list.data?.nextBefore ?? null)}>
            {t(T.older)}
          </Button>
        </nav>
      </div>
    </section>
  );
}
