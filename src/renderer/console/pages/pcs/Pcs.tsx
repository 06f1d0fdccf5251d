/**
 * Every PC, paged and filtered on the server (a 20,000-PC fleet never comes to the browser at once) by the PC filter
 * (src/shared/pcFilter.ts: host name, online, OS, team, installed program, specs), kept in the URL hash so a reload
 * keeps it: hostname, online, OS, CPU, RAM, free disk, software count, last seen. Hostnames and everything else a PC
 * reported are text.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AgentSummary } from '../../../../shared/agentSummary';
import { parsePcFilterQuery, pcFilterToQuery, type PcFilter, type PcFilterParse } from '../../../../shared/pcFilter';
import { Button } from '../../../ui/Button';
import { DataTable } from '../../../ui/DataTable';
import { formatBytes } from '../../../ui/duration';
import { errorTextOf } from '../../../ui/errorText';
import { useOfficeTime } from '../../app/officeTime';
import { hashQuery, parseHash, routeHash, routeHashWithQuery } from '../../app/routePath';
import { useLoad } from '../../app/useLoad';
import type { PageProps } from '../pageTypes';
import { PcFilterFields } from './PcFilterFields';
import { emptyPcFilterForm, formOfPcFilter, pcFilterOfForm, type PcFilterForm } from './pcFilterForm';
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

/** The filter and page the URL hash names (`#/pcs?os=linux&offset=50`), so a reload or a shared link keeps them. */
function fromHash(hash: string): { filter: PcFilter; offset: number; problem: PcFilterParse | null } {
  const query = hashQuery(hash);
  const offset = Number(query.get('offset') ?? '0');
  const parsed = parsePcFilterQuery(query, ['offset']);
  return {
    filter: parsed.ok ? parsed.filter : {},
    offset: Number.isSafeInteger(offset) && offset >= 0 ? offset : 0,
    problem: parsed.ok ? null : parsed,
  };
}

export function Pcs({ api, lang }: PageProps) {
  const [start] = useState(() => fromHash(window.location.hash));
  const [form, setForm] = useState<PcFilterForm>(() => formOfPcFilter(start.filter));
  const [filter, setFilter] = useState<PcFilter>(start.filter);
  const [problem, setProblem] = useState<PcFilterParse | null>(start.problem);
  const [offset, setOffset] = useState(start.offset);
  const apply = (next: PcFilterForm) => {
    const parsed = pcFilterOfForm(next);
    setProblem(parsed.ok ? null : parsed);
    if (!parsed.ok) return;
    setFilter((current) => {
      if (JSON.stringify(current) === JSON.stringify(parsed.filter)) return current;
      setOffset(0);
      return parsed.filter;
    });
  };
  // A link followed while the page is open (the navigation's `#/pcs`, or a hash naming another filter) is obeyed.
  useEffect(() => {
    const onHash = () => {
      const route = parseHash(window.location.hash);
      if (route.path !== 'pcs' || route.params.length > 0) return;
      const next = fromHash(window.location.hash);
      setForm(formOfPcFilter(next.filter));
      setFilter(next.filter);
      setProblem(next.problem);
      setOffset(next.offset);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  // The filter goes to the server a moment after typing stops, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => apply(form), 300);
    return () => clearTimeout(timer);
  }, [form]);
  // Replaced, not pushed: the Back button leaves the page rather than stepping through every filter typed.
  useEffect(() => {
    const query = pcFilterToQuery(filter);
    if (offset > 0) query.set('offset', String(offset));
    const hash = routeHashWithQuery(query, 'pcs');
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [filter, offset]);
  const list = useLoad(() => {
    const q = pcFilterToQuery(filter);
    q.set('limit', String(LIMIT));
    q.set('offset', String(offset));
    return api.get<{ total: number; items: AgentRow[] }>(`/api/v1/agents?${q.toString()}`);
  }, [api, JSON.stringify(filter), offset]);
  const t = (x: { id: string; en: string }) => x[lang];
  const timeAt = useOfficeTime(lang);
  return (
    <section aria-labelledby="pcs-title">
      <h1 id="pcs-title">{t(T.title)}</h1>
      <form
        class="filters"
        role="search"
        aria-label={t(T.filtersTitle)}
        onSubmit={(e) => {
          e.preventDefault();
          apply(form);
        }}
      >
        <PcFilterFields api={api} lang={lang} idPrefix="pc" form={form} onChange={setForm} />
        <Button
          onClick={() => {
            const empty = emptyPcFilterForm();
            setForm(empty);
            apply(empty);
          }}
          data-testid="pc-filters-clear"
        >
          {t(T.clearFilters)}
        </Button>
      </form>
      {problem && !problem.ok ? (
        <p class="form-error" role="alert" data-testid="pc-filter-problem">
          {t(T.filterInvalid)}: {problem.message}
        </p>
      ) : null}
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
          { key: 'seen', header: t(T.lastSeen), cell: (r) => timeAt(r.lastSeenAt) },
        ]}
      />
    </section>
  );
}
