/**
 * Minta perangkat lunak: the catalog with this PC's verdict on each item (SOP step 3 before anyone asks), then the
 * request — justification, and either the signed Nota Dinas (PDF) or the Ketua Tim's digital approval. A first
 * request from an OS account the server does not know names a NIP. Works offline: the catalog as last seen, and
 * the request queued in the agent's outbox.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CommandOutcome, SubmitRequestInput } from '../../../shared/agentApi';
import { MAX_TRAY_NOTA_DINAS_BYTES, type CatalogEntryForPc, type PersonView, type UserQueryResult } from '../../../shared/protocol/userOps';
import { pick } from '../../ui/language';
import { useApp, useLoad } from '../appContext';
import { cachedQuery, type CachedAnswer } from '../cache';
import { Notice } from '../components/Notice';
import { VerdictBadge } from '../components/VerdictBadge';
import { errorCode, errorText } from '../errorText';
import { formatTime } from '../format';
import { pageHash } from '../router';
import { T } from '../strings';
import { readNotaDinas, type NotaDinasFile } from './notaDinasFile';

type Catalog = UserQueryResult<'catalog'>;

const SEARCH_DEBOUNCE_MS = 250;
const NIP_PATTERN = /^\d{18}$/;

export function RequestPage(_props: { params: string[] }) {
  const { api, lang, storage, now, pending } = useApp();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [chosen, setChosen] = useState<CatalogEntryForPc | null>(null);

  useEffect(() => {
    const id = setTimeout(() => setQuery(search.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [search]);

  // Offline, the last catalog answer for the same search stands in (queries need the server).
  const catalog = useLoad<CachedAnswer<Catalog>>(
    () => cachedQuery(storage, `catalog:${query}:${category}`, () => api.catalog({ ...(query ? { search: query } : {}), ...(category ? { category } : {}) }), now),
    [query, category],
  );
  const who = useLoad<CachedAnswer<PersonView | null>>(() => cachedQuery(storage, 'whoami', () => api.whoami(), now), []);

  const items = catalog.data?.value.items ?? [];
  const categories = catalog.data?.value.categories ?? [];

  return (
    <section aria-labelledby="page-title" class="page page-request">
      <h1 id="page-title">{pick(T.request.title, lang)}</h1>
      <p class="intro">{pick(T.request.intro, lang)}</p>
      {who.data?.value ? (
        <p class="who">
          {pick(T.request.signedInAs, lang)}: <strong>{who.data.value.name}</strong>
          {who.data.value.nip ? ` · NIP ${who.data.value.nip}` : ''}
          {who.data.value.team ? ` · ${who.data.value.team.name}` : ''}
          {who.data.value.confirmed ? '' : ` ${pick(T.request.unconfirmed, lang)}`}
        </p>
      ) : null}
      <div class="request-layout">
        <div class="catalog-pane">
          <div class="filters" role="search">
            <label class="field">
              <span>{pick(T.request.search, lang)}</span>
              <input type="search" value={search} onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)} autoComplete="off" />
            </label>
            <label class="field">
              <span>{pick(T.request.category, lang)}</span>
              <select value={category} onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{pick(T.request.allCategories, lang)}</option>
                {[...new Set([...categories, ...(category ? [category] : [])])].map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {catalog.error && !catalog.data ? (
            <Notice kind="error">
              {errorCode(catalog.error) === 'AGENT_OFFLINE' ? pick(T.request.needsServer, lang) : errorText(catalog.error, lang)}{' '}
              <button type="button" class="link-button" onClick={catalog.reload}>
                {pick(T.chrome.retry, lang)}
              </button>
            </Notice>
          ) : null}
          {catalog.data?.stale ? (
            <p class="hint">
              {pick(T.chrome.lastSeen, lang)} {formatTime(catalog.data.at, lang)}
            </p>
          ) : null}
          <h2 class="sr-only">{pick(T.request.results, lang)}</h2>
          <ul class="catalog" aria-busy={catalog.loading} aria-label={pick(T.request.results, lang)}>
            {items.map((entry) => (
              <CatalogRow key={entry.item.id} entry={entry} selected={chosen?.item.id === entry.item.id} onChoose={() => setChosen(entry)} />
            ))}
          </ul>
          {!catalog.loading && catalog.data && items.length === 0 ? <p class="empty">{pick(T.request.none, lang)}</p> : null}
        </div>
        <RequestForm
          chosen={chosen}
          needsNip={who.data !== null && who.data.value === null}
          onSubmit={(input) => api.submitRequest(input)}
          onQueued={(requestId, entry, justification) =>
            pending.add({ requestId, itemName: entry.item.name, itemVersion: entry.item.version, justification, at: now() })
          }
        />
      </div>
    </section>
  );
}

function CatalogRow({ entry, selected, onChoose }: { entry: CatalogEntryForPc; selected: boolean; onChoose(): void }) {
  const { lang } = useApp();
  const { item } = entry;
  const headingId = `item-${item.id}`;
  return (
    <li class={`catalog-item${selected ? ' selected' : ''}`} aria-labelledby={headingId}>
      <ItemIcon icon={item.icon} name={item.name} />
      <div class="catalog-text">
        <h3 id={headingId}>
          {item.name} <span class="version">{item.version}</span>
        </h3>
        <p class="meta">
          {item.publisher ? `${item.publisher} · ` : ''}
          {item.category}
        </p>
        {(lang === 'id' ? item.descriptionId : item.descriptionEn) ? <p class="description">{lang === 'id' ? item.descriptionId : item.descriptionEn}</p> : null}
        <div class="verdict">
          <VerdictBadge suitable={entry.suitable} label={pick(entry.suitable ? T.request.suitable : T.request.notSuitable, lang)} />
          {entry.reasons.length > 0 ? (
            <ul class="reasons">
              {entry.reasons.map((r) => (
                <li key={r.code}>{pick(r, lang)}</li>
              ))}
            </ul>
          ) : null}
          {!entry.suitable ? <p class="hint">{pick(T.request.notSuitableHint, lang)}</p> : null}
        </div>
      </div>
      <button type="button" class="btn" aria-pressed={selected} onClick={onChoose} aria-describedby={headingId}>
        {pick(selected ? T.request.chosen : T.request.choose, lang)}
      </button>
    </li>
  );
}

/**
 * Only a raster data URL is shown (what the catalog accepts inline); an icon stored in the repository by SHA-256 cannot
 * be fetched by a page without network, so it, like no icon, becomes the item's initial.
 */
function ItemIcon({ icon, name }: { icon: string | null; name: string }) {
  if (icon && /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(icon)) {
    return <img class="item-icon" src={icon} alt="" width={40} height={40} />;
  }
  return (
    <span class="item-icon item-icon-letter" aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

interface RequestFormProps {
  chosen: CatalogEntryForPc | null;
  needsNip: boolean;
  onSubmit(input: SubmitRequestInput): Promise<CommandOutcome>;
  onQueued(requestId: string, entry: CatalogEntryForPc, justification: string): void;
}

function RequestForm({ chosen, needsNip, onSubmit, onQueued }: RequestFormProps) {
  const { lang } = useApp();
  const [justification, setJustification] = useState('');
  const [mode, setMode] = useState<'team_lead' | 'nota_dinas'>('team_lead');
  const [nota, setNota] = useState<NotaDinasFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [nip, setNip] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'ok' | 'error' | 'info'; text: string; ticketLink?: boolean } | null>(null);

  // A message about the last attempt goes once the person edits the form.
  const edited = <V,>(set: (v: V) => void) => (v: V) => {
    set(v);
    setResult(null);
  };

  async function onFile(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    setNota(null);
    setFileError(null);
    if (!file) return;
    const read = await readNotaDinas(file, MAX_TRAY_NOTA_DINAS_BYTES);
    if (read.ok) setNota(read.file);
    else setFileError(pick(read.reason === 'too_large' ? T.request.notaTooLarge : T.request.notaNotPdf, lang));
  }

  function problems(): string | null {
    if (!chosen) return pick(T.request.chooseFirst, lang);
    if (justification.trim().length < 10) return pick(T.request.justificationShort, lang);
    if (mode === 'nota_dinas' && !nota) return fileError ?? pick(T.request.notaMissing, lang);
    if (needsNip && !NIP_PATTERN.test(nip.trim())) return pick(T.request.nipInvalid, lang);
    return null;
  }

  async function submit(e: Event) {
    e.preventDefault();
    const problem = problems();
    if (problem) {
      setResult({ kind: 'error', text: problem });
      return;
    }
    const entry = chosen!;
    const text = justification.trim();
    setBusy(true);
    setResult(null);
    try {
      const outcome = await onSubmit({
        itemId: entry.item.id,
        justification: text,
        approval: mode === 'nota_dinas' && nota ? { mode: 'nota_dinas', fileName: nota.fileName, pdfBase64: nota.base64 } : { mode: 'team_lead' },
        ...(needsNip ? { nip: nip.trim() } : {}),
      });
      if (outcome.queued) {
        onQueued(outcome.requestId, entry, text);
        setResult({ kind: 'info', text: pick(T.request.queued, lang), ticketLink: true });
      } else {
        setResult({ kind: 'ok', text: pick(T.request.sent, lang), ticketLink: true });
      }
      setJustification('');
      setNota(null);
    } catch (err) {
      setResult({ kind: 'error', text: errorText(err, lang) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="request-form card" onSubmit={submit} aria-labelledby="form-title" noValidate>
      <h2 id="form-title">{pick(T.request.formTitle, lang)}</h2>
      <p class="chosen" aria-live="polite">
        {chosen ? (
          <strong>
            {chosen.item.name} {chosen.item.version}
          </strong>
        ) : (
          pick(T.request.chooseFirst, lang)
        )}
      </p>
      {needsNip ? (
        <fieldset class="nip-box">
          <legend>{pick(T.request.nipTitle, lang)}</legend>
          <p class="hint" id="nip-hint">
            {pick(T.request.nipHint, lang)}
          </p>
          <label class="field">
            <span>{pick(T.request.nip, lang)}</span>
            <input
              name="nip"
              inputMode="numeric"
              autoComplete="off"
              maxLength={18}
              value={nip}
              aria-describedby="nip-hint"
              onInput={(e) => edited(setNip)((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        </fieldset>
      ) : null}
      <label class="field">
        <span>{pick(T.request.justification, lang)}</span>
        <textarea
          name="justification"
          rows={4}
          maxLength={2000}
          value={justification}
          aria-describedby="justification-hint"
          onInput={(e) => edited(setJustification)((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <small id="justification-hint" class="hint">
          {pick(T.request.justificationHint, lang)}
        </small>
      </label>
      <fieldset>
        <legend>{pick(T.request.approval, lang)}</legend>
        <label class="radio">
          <input type="radio" name="approval" value="team_lead" checked={mode === 'team_lead'} onChange={() => edited(setMode)('team_lead')} />
          {pick(T.request.askLead, lang)}
        </label>
        <label class="radio">
          <input type="radio" name="approval" value="nota_dinas" checked={mode === 'nota_dinas'} onChange={() => edited(setMode)('nota_dinas')} />
          {pick(T.request.attachNota, lang)}
        </label>
        {mode === 'nota_dinas' ? (
          <label class="field">
            <span>{pick(T.request.notaFile, lang)}</span>
            <input type="file" name="nota" accept="application/pdf,.pdf" onChange={onFile} aria-invalid={fileError !== null} />
            {fileError ? <small class="field-error">{fileError}</small> : null}
          </label>
        ) : null}
      </fieldset>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {pick(busy ? T.request.sending : T.request.submit, lang)}
      </button>
      {result ? (
        <Notice kind={result.kind}>
          {result.text}
          {result.ticketLink ? (
            <>
              {' '}
              <a href={pageHash('my-requests')}>{pick(T.nav['my-requests'], lang)}</a>
            </>
          ) : null}
        </Notice>
      ) : null}
    </form>
  );
}
