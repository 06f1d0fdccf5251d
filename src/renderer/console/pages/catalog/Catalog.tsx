/**
 * Catalog and repository: the items (searched and filtered by category on the server) with where they install and
 * their licence seats in use, the item editor (admins), and the installer repository with uploads.
 */
import { useState } from 'preact/hooks';
import type { CatalogItem, CatalogItemSummary, LicenceSeatsResponse } from '../../../../shared/catalog';
import type { ArtifactRecord } from '../../../../shared/repository';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/Dialog';
import { DataTable, type Column } from '../../../ui/DataTable';
import { errorTextOf } from '../../../ui/errorText';
import { useToasts } from '../../../ui/Toasts';
import { useLoaded } from '../../../ui/useLoaded';
import type { PageProps } from '../pageTypes';
import { CatalogText as T } from './catalogText';
import { ItemEditor } from './ItemEditor';
import { Repository } from './Repository';

const LIMIT = 25;

export function Catalog({ api, lang, me }: PageProps) {
  const t = (x: { id: string; en: string }) => x[lang];
  const toasts = useToasts();
  const admin = me.roles.includes('admin');
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [offset, setOffset] = useState(0);
  const [repoOffset, setRepoOffset] = useState(0);
  const [editing, setEditing] = useState<CatalogItem | 'new' | null>(null);
  const [removing, setRemoving] = useState<CatalogItemSummary | null>(null);
  const items = useLoaded(() => {
    const q = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
    if (search.trim()) q.set('search', search.trim());
    if (category.trim()) q.set('category', category.trim());
    return api.get<{ total: number; items: CatalogItemSummary[] }>(`/api/v1/catalog?${q.toString()}`);
  }, [search, category, offset]);
  const ids = (items.data?.items ?? []).map((i) => i.id).join(',');
  const seats = useLoaded(
    () =>
      ids
        ? api.get<LicenceSeatsResponse>(`/api/v1/catalog/seats?ids=${encodeURIComponent(ids)}`)
        : Promise.resolve({ items: [] }),
    [ids],
  );
  const artifacts = useLoaded(
    () =>
      api.get<{ total: number; items: ArtifactRecord[] }>(
        `/api/v1/repository/artifacts?limit=${LIMIT}&offset=${repoOffset}`,
      ),
    [repoOffset],
  );
  // Variants choose among every file, not only the page shown.
  const allArtifacts = useLoaded(
    () => api.get<{ items: ArtifactRecord[] }>('/api/v1/repository/artifacts?limit=1000'),
    [artifacts.data],
  );
  const categories = [...new Set((items.data?.items ?? []).map((i) => i.category))].sort();

  async function edit(id: string) {
    try {
      setEditing(await api.get<CatalogItem>(`/api/v1/catalog/${encodeURIComponent(id)}`));
    } catch (err) {
      toasts.show(errorTextOf(err, lang), 'bad');
    }
  }

  const seatText = (itemId: string) => {
    const s = seats.data?.items.find((x) => x.itemId === itemId);
    if (!s) return '…';
    return s.seats === null ? `${s.used} / ${t(T.unlimited)}` : `${s.used} / ${s.seats}`;
  };
  const columns: Column<CatalogItemSummary>[] = [
    {
      key: 'name',
      header: t(T.name),
      cell: (i) => (
        <span>
          {i.icon?.startsWith('data:') ? (
            <img
              src={i.icon}
              alt=""
              width={20}
              height={20}
              style={{ verticalAlign: 'middle', marginRight: '0.4rem' }}
            />
          ) : null}
          <strong>{i.name}</strong> <span class="muted">{i.version}</span>
          {i.publisher ? <div class="muted">{i.publisher}</div> : null}
        </span>
      ),
    },
    { key: 'category', header: t(T.category), cell: (i) => i.category },
    { key: 'platforms', header: t(T.platforms), cell: (i) => i.platforms.map((p) => `${p.os}/${p.kind}`).join(', ') },
    {
      key: 'seats',
      header: t(T.seats),
      cell: (i) => {
        const s = seats.data?.items.find((x) => x.itemId === i.id);
        const over = s && s.seats !== null && s.used > s.seats;
        return (
          <span class={over ? 'badge tone-bad' : ''} data-seats={i.id}>
            {seatText(i.id)}
          </span>
        );
      },
    },
    {
      key: 'actions',
      header: '',
      cell: (i) =>
        admin ? (
          <div class="btn-row">
            <Button small onClick={() => void edit(i.id)} aria-label={`${t(T.edit)} ${i.name}`}>
              {t(T.edit)}
            </Button>
            <Button small variant="danger" onClick={() => setRemoving(i)} aria-label={`${t(T.remove)} ${i.name}`}>
              {t(T.remove)}
            </Button>
          </div>
        ) : null,
    },
  ];
  return (
    <section>
      <div class="page-head">
        <h1>{t(T.title)}</h1>
        {admin && editing === null ? (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t(T.add)}
          </Button>
        ) : null}
      </div>
      {editing !== null ? (
        <ItemEditor
          key={editing === 'new' ? 'new' : editing.id}
          api={api}
          lang={lang}
          item={editing === 'new' ? null : editing}
          artifacts={allArtifacts.data?.items ?? []}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            toasts.show(t(T.saved), 'ok');
            setEditing(null);
            items.reload();
          }}
        />
      ) : null}
      <h2>{t(T.items)}</h2>
      <div class="filters">
        <span class="field-inline">
          <label for="catalog-search">{t(T.search)}</label>
          <input
            id="catalog-search"
            type="search"
            maxLength={200}
            value={search}
            onInput={(e) => {
              setSearch((e.target as HTMLInputElement).value);
              setOffset(0);
            }}
          />
        </span>
        <span class="field-inline">
          <label for="catalog-category">{t(T.category)}</label>
          <input
            id="catalog-category"
            list="catalog-categories"
            maxLength={64}
            placeholder={t(T.anyCategory)}
            value={category}
            onInput={(e) => {
              setCategory((e.target as HTMLInputElement).value);
              setOffset(0);
            }}
          />
          <datalist id="catalog-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </span>
      </div>
      {items.error ? <p class="form-error">{errorTextOf(items.error, lang)}</p> : null}
      <DataTable
        caption={t(T.items)}
        columns={columns}
        rows={items.data?.items ?? []}
        rowKey={(i) => i.id}
        total={items.data?.total ?? 0}
        offset={offset}
        limit={LIMIT}
        onOffset={setOffset}
        lang={lang}
        loading={items.loading}
      />
      <Repository
        api={api}
        lang={lang}
        canUpload={admin}
        artifacts={artifacts}
        offset={repoOffset}
        onOffset={setRepoOffset}
        limit={LIMIT}
      />
      <ConfirmDialog
        open={removing !== null}
        title={t(T.removeTitle)}
        message={removing ? `${removing.name} ${removing.version}` : undefined}
        confirmLabel={t(T.remove)}
        variant="danger"
        lang={lang}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          await api.delete(`/api/v1/catalog/${encodeURIComponent(removing!.id)}`);
          toasts.show(t(T.removed), 'info');
          items.reload();
        }}
      />
    </section>
  );
}
