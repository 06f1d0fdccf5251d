/**
 * The catalog item editor: what the item is (name, publisher, version, category, icon, descriptions in both
 * languages, licence seats), what a PC needs (requirements) and how it installs (variants, preferred first). Checked
 * here with the shared schema and rules, then by the server; either's problems are shown by the field they name.
 */
import { useState } from 'preact/hooks';
import type { CatalogItem } from '../../../../shared/catalog';
import { OsFamilies } from '../../../../shared/install/manifest';
import type { ArtifactRecord } from '../../../../shared/repository';
import { ApiError, type ApiClient } from '../../app/api';
import { Button } from '../../../ui/Button';
import { errorTextOf } from '../../../ui/errorText';
import type { Language } from '../../../ui/language';
import { CatalogText as T } from './catalogText';
import { draftOf, emptyDraft, emptyVariant, inputOf, type ItemDraft } from './itemDraft';
import { itemProblems, pathInMessage, problemsAt, type ItemProblem } from './itemProblems';
import { VariantEditor } from './VariantEditor';

const ICON_MAX_CHARS = 65_536;

export interface ItemEditorProps {
  api: ApiClient;
  lang: Language;
  item: CatalogItem | null;
  artifacts: readonly ArtifactRecord[];
  onSaved(item: CatalogItem): void;
  onCancel(): void;
}

export function ItemEditor({ api, lang, item, artifacts, onSaved, onCancel }: ItemEditorProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const [d, setD] = useState<ItemDraft>(() => (item ? draftOf(item) : emptyDraft()));
  const [problems, setProblems] = useState<ItemProblem[]>([]);
  const [serverError, setServerError] = useState<{ text: string; detail: string } | null>(null);
  const [iconError, setIconError] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ItemDraft>) => setD({ ...d, ...patch });

  async function save(e: Event) {
    e.preventDefault();
    const input = inputOf(d);
    const found = itemProblems(input);
    setProblems(found);
    setServerError(null);
    if (found.length) return;
    setBusy(true);
    try {
      const saved = item
        ? await api.put<CatalogItem>(`/api/v1/catalog/${encodeURIComponent(item.id)}`, input)
        : await api.post<CatalogItem>('/api/v1/catalog', input);
      onSaved(saved);
    } catch (err) {
      // The server names the field in its message (a JSON pointer); it is shown by that field as well.
      const detail = err instanceof ApiError ? err.message : '';
      setServerError({ text: errorTextOf(err, lang), detail });
      const path = pathInMessage(detail);
      if (path)
        setProblems([
          { path, text: { id: 'Ditolak server (lihat di bawah).', en: 'Refused by the server (see below).' } },
        ]);
    } finally {
      setBusy(false);
    }
  }

  function pickIcon(file: File | undefined) {
    setIconError(false);
    if (!file) return;
    if (!/^image\/(png|jpeg|webp)$/.test(file.type)) return setIconError(true);
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      if (url.length > ICON_MAX_CHARS) setIconError(true);
      else set({ icon: url });
    };
    reader.readAsDataURL(file);
  }

  const err = (path: string, exact = false) => {
    const list = problemsAt(problems, path, exact);
    return list.length ? <span class="form-error">{list.map((p) => p.text[lang]).join(' ')}</span> : null;
  };
  const text = (key: 'name' | 'publisher' | 'version' | 'category', label: string, max: number, required = true) => (
    <span class="field-inline">
      <label for={`item-${key}`}>{label}</label>
      <input
        id={`item-${key}`}
        required={required}
        maxLength={max}
        value={d[key]}
        aria-invalid={problemsAt(problems, `/${key}`).length ? 'true' : 'false'}
        onInput={(e) => set({ [key]: (e.target as HTMLInputElement).value })}
      />
      {err(`/${key}`)}
    </span>
  );
  return (
    <form class="card" onSubmit={save} aria-labelledby="editor-title" data-testid="item-editor" noValidate>
      <h2 id="editor-title">{item ? `${t(T.editorEdit)}: ${item.name} ${item.version}` : t(T.editorNew)}</h2>
      <div class="filters">
        {text('name', t(T.name), 200)}
        {text('publisher', t(T.publisher), 200, false)}
        {text('version', t(T.version), 100)}
        {text('category', t(T.category), 64)}
        <span class="field-inline">
          <label for="item-seats">{t(T.licenceSeats)}</label>
          <input
            id="item-seats"
            type="number"
            min={1}
            max={1000000}
            value={d.licenceSeats}
            onInput={(e) => set({ licenceSeats: (e.target as HTMLInputElement).value })}
          />
          {err('/licenceSeats')}
        </span>
        <span class="field-inline">
          <label for="item-icon">{t(T.icon)}</label>
          <input
            id="item-icon"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={(e) => pickIcon((e.target as HTMLInputElement).files?.[0])}
          />
          {d.icon?.startsWith('data:') ? <img src={d.icon} alt="" width={32} height={32} /> : null}
          {d.icon ? (
            <Button small onClick={() => set({ icon: null })}>
              {t(T.removeIcon)}
            </Button>
          ) : null}
          {iconError ? <span class="form-error">{t(T.iconTooBig)}</span> : null}
        </span>
      </div>
      <div class="two-col">
        <div>
          <label for="item-desc-id">{t(T.descriptionId)}</label>
          <textarea
            id="item-desc-id"
            maxLength={4000}
            value={d.descriptionId}
            onInput={(e) => set({ descriptionId: (e.target as HTMLTextAreaElement).value })}
          />
        </div>
        <div>
          <label for="item-desc-en">{t(T.descriptionEn)}</label>
          <textarea
            id="item-desc-en"
            maxLength={4000}
            value={d.descriptionEn}
            onInput={(e) => set({ descriptionEn: (e.target as HTMLTextAreaElement).value })}
          />
        </div>
      </div>
      <fieldset>
        <legend>{t(T.requirements)}</legend>
        <p class="muted">{t(T.anyOs)}</p>
        <div class="filters">
          {OsFamilies.map((f) => (
            <span class="field-inline" key={f}>
              <label class="check-inline">
                <input
                  type="checkbox"
                  checked={d.os[f] !== undefined}
                  onChange={(e) => {
                    const os = { ...d.os };
                    if ((e.target as HTMLInputElement).checked) os[f] = { minVersion: '' };
                    else delete os[f];
                    set({ os });
                  }}
                />
                {f}
              </label>
              {d.os[f] !== undefined ? (
                <input
                  aria-label={`${t(T.minVersion)} ${f}`}
                  placeholder={t(T.minVersion)}
                  maxLength={64}
                  value={d.os[f]!.minVersion}
                  onInput={(e) => set({ os: { ...d.os, [f]: { minVersion: (e.target as HTMLInputElement).value } } })}
                />
              ) : null}
            </span>
          ))}
          <span class="field-inline">
            <label for="req-arch">{t(T.architectures)}</label>
            <input
              id="req-arch"
              value={d.architectures}
              onInput={(e) => set({ architectures: (e.target as HTMLInputElement).value })}
            />
          </span>
          <span class="field-inline">
            <label for="req-mem">{t(T.minMemory)}</label>
            <input
              id="req-mem"
              type="number"
              min={0}
              step="0.5"
              value={d.minMemoryGb}
              onInput={(e) => set({ minMemoryGb: (e.target as HTMLInputElement).value })}
            />
          </span>
          <span class="field-inline">
            <label for="req-disk">{t(T.minDisk)}</label>
            <input
              id="req-disk"
              type="number"
              min={0}
              step="0.5"
              value={d.minDiskGb}
              onInput={(e) => set({ minDiskGb: (e.target as HTMLInputElement).value })}
            />
          </span>
          <span class="field-inline">
            <label for="req-cores">{t(T.minCores)}</label>
            <input
              id="req-cores"
              type="number"
              min={1}
              value={d.minCores}
              onInput={(e) => set({ minCores: (e.target as HTMLInputElement).value })}
            />
          </span>
        </div>
        <label for="req-software">{t(T.software)}</label>
        <textarea
          id="req-software"
          value={d.software}
          rows={2}
          onInput={(e) => set({ software: (e.target as HTMLTextAreaElement).value })}
        />
        {err('/requirements')}
      </fieldset>
      <h3>{t(T.variants)}</h3>
      {err('/variants', true)}
      {d.variants.map((v, i) => (
        <VariantEditor
          key={i}
          index={i}
          value={v}
          artifacts={artifacts}
          problems={problems}
          lang={lang}
          onChange={(nv) => set({ variants: d.variants.map((x, j) => (j === i ? nv : x)) })}
          {...(d.variants.length > 1
            ? { onRemove: () => set({ variants: d.variants.filter((_, j) => j !== i) }) }
            : {})}
          {...(i > 0
            ? {
                onUp: () =>
                  set({
                    variants: d.variants.map((x, j) =>
                      j === i - 1 ? d.variants[i]! : j === i ? d.variants[i - 1]! : x,
                    ),
                  }),
              }
            : {})}
        />
      ))}
      <Button
        small
        onClick={() => set({ variants: [...d.variants, emptyVariant()] })}
        disabled={d.variants.length >= 16}
      >
        {t(T.addVariant)}
      </Button>
      <div aria-live="assertive">
        {problems.length ? (
          <div class="form-error" role="alert" data-testid="item-problems">
            <p>{t(T.problems)}</p>
            <ul>
              {problems.map((p) => (
                <li key={p.path}>
                  <code>{p.path}</code> {p.text[lang]}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {serverError ? (
          <p class="form-error" role="alert">
            {t(T.serverSays)} {serverError.text}
            {serverError.detail ? (
              <>
                <br />
                <code>{serverError.detail}</code>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      <div class="btn-row">
        <Button onClick={onCancel}>{t(T.cancel)}</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {t(T.save)}
        </Button>
      </div>
    </form>
  );
}
