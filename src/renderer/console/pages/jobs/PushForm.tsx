/**
 * Bulk push: an item, the PCs by the PC list's filter (the same fields: host name, online, OS, team, installed
 * program, specs), a preview of which PCs would get the job and which are
 * Belum sesuai and why (POST /api/v1/jobs/preview: the push's own check, nothing created), then the push itself —
 * which the server may hold for a second person's approval when it names more PCs than its threshold.
 */
import { useState } from 'preact/hooks';
import type { CatalogItemSummary } from '../../../../shared/catalog';
import type { PushPendingResponse, PushPreviewResponse } from '../../../../shared/pushRequestsApi';
import { Button } from '../../../ui/Button';
import { errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import { useLoaded } from '../../../ui/useLoaded';
import type { ApiClient } from '../../app/api';
import { PcFilterFields } from '../pcs/PcFilterFields';
import { emptyPcFilterForm, pcFilterOfForm, type PcFilterForm } from '../pcs/pcFilterForm';
import { PcText } from '../pcs/pcText';
import { fill, JobsText as T } from './jobsText';

export interface PushFormProps {
  api: ApiClient;
  lang: Language;
  onPushed(batchIds: string[], jobs: number): void;
  onPending(): void;
}

interface Pushed {
  batchIds: string[];
  jobs: { id: string }[];
}

export function PushForm({ api, lang, onPushed, onPending }: PushFormProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const [itemSearch, setItemSearch] = useState('');
  const items = useLoaded(
    () =>
      api.get<{ items: CatalogItemSummary[] }>(`/api/v1/catalog?limit=100&search=${encodeURIComponent(itemSearch)}`),
    [itemSearch],
  );
  const [itemId, setItemId] = useState('');
  const [action, setAction] = useState<'install' | 'uninstall'>('install');
  const [pcs, setPcs] = useState<PcFilterForm>(emptyPcFilterForm);
  const [force, setForce] = useState(false);
  const [preview, setPreview] = useState<PushPreviewResponse | null>(null);
  const [busy, setBusy] = useState<'preview' | 'push' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  async function run(kind: 'preview' | 'push') {
    if (!itemId) return;
    setError(null);
    setResult(null);
    const filter = pcFilterOfForm(pcs);
    if (!filter.ok) {
      setError(`${PcText.filterInvalid[lang]}: ${filter.message}`);
      return;
    }
    const body = () => ({ itemId, action, filter: filter.filter, ...(force ? { force: true } : {}) });
    setBusy(kind);
    try {
      if (kind === 'preview') setPreview(await api.post<PushPreviewResponse>('/api/v1/jobs/preview', body()));
      else {
        const r = await api.post<Pushed | PushPendingResponse>('/api/v1/jobs', body());
        if ('pendingApproval' in r) {
          setResult(t(T.sentForApproval));
          onPending();
        } else {
          setResult(fill(t(T.pushed), { n: r.jobs.length }));
          onPushed(r.batchIds, r.jobs.length);
        }
        setPreview(null);
      }
    } catch (err) {
      setError(errorTextOf(err, lang));
    } finally {
      setBusy(null);
    }
  }

  const changed = () => setPreview(null);
  return (
    <section class="card" aria-labelledby="push-title">
      <h2 id="push-title">{t(T.pushTitle)}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run('preview');
        }}
      >
        <span class="field-inline">
          <label for="push-item-search">{lang === 'id' ? 'Cari perangkat lunak' : 'Find software'}</label>
          <input
            id="push-item-search"
            type="search"
            value={itemSearch}
            onInput={(e) => setItemSearch((e.target as HTMLInputElement).value)}
          />
        </span>
        <span class="field-inline">
          <label for="push-item">{t(T.item)}</label>
          <select
            id="push-item"
            value={itemId}
            onChange={(e) => {
              setItemId((e.target as HTMLSelectElement).value);
              changed();
            }}
          >
            <option value="">{t(T.chooseItem)}</option>
            {(items.data?.items ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} {i.version}
              </option>
            ))}
          </select>
        </span>
        <span class="field-inline">
          <label for="push-action">{t(T.action)}</label>
          <select
            id="push-action"
            value={action}
            onChange={(e) => {
              setAction((e.target as HTMLSelectElement).value as 'install' | 'uninstall');
              changed();
            }}
          >
            <option value="install">{t(T.install)}</option>
            <option value="uninstall">{t(T.uninstall)}</option>
          </select>
        </span>
        <PcFilterFields
          api={api}
          lang={lang}
          idPrefix="push"
          form={pcs}
          onChange={(next) => {
            setPcs(next);
            changed();
          }}
        />
        <label class="check-inline">
          <input
            type="checkbox"
            checked={force}
            onChange={(e) => {
              setForce((e.target as HTMLInputElement).checked);
              changed();
            }}
          />
          {t(T.force)}
        </label>
        <div class="btn-row">
          <Button type="submit" disabled={!itemId} busy={busy === 'preview'} data-testid="push-preview">
            {t(T.preview)}
          </Button>
          <Button
            variant="primary"
            disabled={!itemId}
            busy={busy === 'push'}
            onClick={() => void run('push')}
            data-testid="push-send"
          >
            {t(T.push)}
          </Button>
        </div>
      </form>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <p aria-live="polite" data-testid="push-result">
        {result}
      </p>
      {preview ? <Preview preview={preview} lang={lang} /> : null}
    </section>
  );
}

function Preview({ preview, lang }: { preview: PushPreviewResponse; lang: Language }) {
  const t = (x: { id: string; en: string }) => x[lang];
  return (
    <div data-testid="push-preview-result">
      <div class="cards">
        <div class="stat">
          <div class="value">{preview.pcs}</div>
          <div class="label">{t(T.matched)}</div>
        </div>
        <div class="stat">
          <div class="value">{preview.ok.length}</div>
          <div class="label">{t(T.suitable)}</div>
        </div>
        <div class="stat">
          <div class="value" data-testid="preview-refused-count">
            {preview.refused.length}
          </div>
          <div class="label">{t(T.notSuitable)}</div>
        </div>
      </div>
      {preview.needsApproval ? (
        <p class="notice" role="note">
          {fill(t(T.needsApproval), { n: preview.threshold })}
        </p>
      ) : null}
      {preview.refused.length > 0 ? (
        <div class="table-wrap">
          <table class="data">
            <caption>
              {t(T.notSuitable)} ({preview.refused.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">{t(T.pc)}</th>
                <th scope="col">{t(T.reasons)}</th>
              </tr>
            </thead>
            <tbody>
              {preview.refused.slice(0, 500).map((r) => (
                <tr key={r.agentId}>
                  <td>{r.hostname ?? r.agentId}</td>
                  <td>
                    <ul class="reasons">
                      {r.reasons.map((reason) => (
                        <li key={reason.code}>{reason[lang]}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.ok.length > 0 ? (
        <details>
          <summary>
            {t(T.willGet)} ({preview.ok.length})
          </summary>
          <p class="mono">
            {preview.ok
              .slice(0, 1000)
              .map((p) => p.hostname ?? p.agentId)
              .join(', ')}
          </p>
        </details>
      ) : null}
    </div>
  );
}
