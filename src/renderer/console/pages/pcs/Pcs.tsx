/**
 * Every PC, paged and searched on the server (a 20,000-PC fleet never comes to the browser at once): hostname, online,
 * OS, CPU, RAM, free disk, software count, last seen. Hostnames and everything else a PC reported are text.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AgentSummary } from '../../../../shared/agentSummary';
import { DataTable } from '../../../ui/DataTable';
import { formatBytes, formatDateTime } from '../../../ui/duration';
import { errorTextOf } from '../../../ui/errorText';
import { routeHash } from '../../app/hashRoute';
import { useLoad } from '../../app/useLoad';
import type { PageProps } from '../pageTypes';
import { PcText as T } from './pcText';

export interface AgentRow {
  id: string;
  hostname: string;
  machineId: string;
  online: boolean;
  lastSeenAt: string | null;
  enrolledAt: string;
  revoked: boolean;
  agentVersion: string | null;
  summary: AgentSummary | null;
  lastMetrics: unknown;
  inventoryUpdatedAt: string | null;
}

const LIMIT = 50;

export function osText(s: AgentSummary | null): string {
  if (!s?.os) return '—';
  return [s.os.distro ?? s.os.family, s.os.release, s.os.arch].filter(Boolean).join(' ');
}

export function OnlineBadge({ a, lang }: { a: Pick<AgentRow, 'online' | 'revoked'>; lang: PageProps['lang'] }) {
  if (a.revoked) return <span class="badge tone-idle">{T.revoked[lang]}</span>;
  return <span class={`badge tone-${a.online ? 'ok' : 'idle'}`}>{a.online ? T.isOnline[lang] : T.isOffline[lang]}</span>;
}

export function Pcs({ api, lang }: PageProps) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [online, setOnline] = useState<'' | 'true' | 'false'>('');
  const [os, setOs] = useState('');
  const [offset, setOffset] = useState(0);
  // The search goes to the server a moment after typing stops, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setOffset(0);
    }, 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useLoad(() => {
    const q = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
    if (search) q.set('search', search);
    if (online) q.set('online', online);
    if (os) q.set('os', os);
    return api.get<{ total: number; items: AgentRow[] }>(`/api/v1/agents?${q.toString()}`);
  }, [api, search, online, os, offset]);
  const t = (x: { id: string; en: string }) => x[lang];
  return (
    <section aria-labelledby="pcs-title">
      <h1 id="pcs-title">{t(T.title)}</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(typed.trim());
          setOffset(0);
        }}
      >
        <span class="field-inline">
          <label for="pc-search">{t(T.search)}</label>
          <input id="pc-search" type="search" value={typed} maxLength={100} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </span>
        <span class="field-inline">
          <label for="pc-online">{t(T.online)}</label>
          <select
            id="pc-online"
            value={online}
            onChange={(e) => {
              setOnline((e.target as HTMLSelectElement).value as '' | 'true' | 'false');
              setOffset(0);
            }}
          >
            <option value="">{t(T.any)}</option>
            <option value="true">{t(T.isOnline)}</option>
            <option value="false">{t(T.isOffline)}</option>
          </select>
        </span>
        <span class="field-inline">
          <label for="pc-os">{t(T.os)}</label>
          <select
            id="pc-os"
            value={os}
            onChange={(e) => {
              setOs((e.target as HTMLSelectElement).value);
              setOffset(0);
            }}
          >
            <option value="">{t(T.any)}</option>
            <option value="windows">Windows</option>
            <option value="linux">Linux</option>
            <option value="macos">macOS</option>
            <option value="other">{t(T.otherOs)}</option>
          </select>
        </span>
      </form>
      {list.error ? (
        <p class="form-error" role="alert">
          {errorTextOf(list.error, lang)}
        </p>
      ) : null}
      <DataTable<AgentRow>
        caption={t(T.caption)}
        lang={lang}
        loading={list.loading}
        rows={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        offset={offset}
        limit={LIMIT}
        onOffset={setOffset}
        rowKey={(r) => r.id}
        columns={[
          { key: 'host', header: t(T.hostname), cell: (r) => <a href={routeHash('pcs', r.id)}>{r.hostname}</a> },
          { key: 'online', header: t(T.online), cell: (r) => <OnlineBadge a={r} lang={lang} /> },
          { key: 'os', header: t(T.os), cell: (r) => osText(r.summary) },
          { key: 'cpu', header: t(T.cpu), cell: (r) => (r.summary?.cpu ? `${r.summary.cpu.model} (${r.summary.cpu.cores})` : '—') },
          { key: 'ram', header: t(T.ram), cell: (r) => formatBytes(r.summary?.memoryTotalBytes ?? null) },
          {
            key: 'disk',
            header: t(T.disk),
            cell: (r) => (r.summary && r.summary.disks.length > 0 ? formatBytes(r.summary.disks.reduce((a, d) => a + d.freeBytes, 0)) : '—'),
          },
          { key: 'sw', header: t(T.software), cell: (r) => r.summary?.softwareCount ?? '—' },
          { key: 'seen', header: t(T.lastSeen), cell: (r) => formatDateTime(r.lastSeenAt, lang) },
        ]}
      />
    </section>
  );
}
