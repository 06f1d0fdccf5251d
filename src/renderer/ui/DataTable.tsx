/**
 * A table over a server-paginated list: the page shows `rows` (one page the server sent), the pager asks for another
 * offset. Nothing is sorted or filtered here — with 20,000 PCs that is the server's job.
 */
import type { ComponentChildren } from 'preact';
import { Button } from './Button';
import type { Language } from './language';

export interface Column<T> {
  key: string;
  header: string;
  cell(row: T): ComponentChildren;
}

export interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  total: number;
  offset: number;
  limit: number;
  onOffset(offset: number): void;
  lang: Language;
  loading?: boolean;
  /** @default "Tidak ada data" / "Nothing here" */
  empty?: string;
}

export function DataTable<T>(p: DataTableProps<T>) {
  const from = p.total === 0 ? 0 : p.offset + 1;
  const to = Math.min(p.offset + p.rows.length, p.total);
  const id = p.lang === 'id';
  return (
    <div class="table-wrap" aria-busy={p.loading ? 'true' : 'false'}>
      <table class="data">
        <caption>
          {p.caption} — {id ? `${from}–${to} dari ${p.total}` : `${from}–${to} of ${p.total}`}
        </caption>
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={p.rowKey(r)}>
              {p.columns.map((c) => (
                <td key={c.key}>{c.cell(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {p.rows.length === 0 && !p.loading ? <p class="empty">{p.empty ?? (id ? 'Tidak ada data' : 'Nothing here')}</p> : null}
      <nav class="pager" aria-label={id ? 'Halaman tabel' : 'Table pages'}>
        <Button small disabled={p.offset === 0} onClick={() => p.onOffset(Math.max(0, p.offset - p.limit))}>
          {id ? '‹ Sebelumnya' : '‹ Previous'}
        </Button>
        <Button small disabled={p.offset + p.limit >= p.total} onClick={() => p.onOffset(p.offset + p.limit)}>
          {id ? 'Berikutnya ›' : 'Next ›'}
        </Button>
      </nav>
    </div>
  );
}
