/**
 * SOP reports over `ticket_steps` (one row per interval a ticket spends in a step): per step, how many intervals, the
 * median and 90th percentile of their active time against the step's standard, how many ran over, and how many are
 * open and already over — for a period of the office's months (its configured zone; Asia/Jakarta by default), grouped by month and/or technician.
 *
 * An interval belongs to the month it started in. Percentiles are computed here over the period's rows, read in
 * pages, rather than in SQL: SQLite has no percentile_cont, and one method on both dialects gives the same numbers.
 * Memory is one number per ended interval (8 bytes); 100,000 intervals take well under a second (see the test).
 */
import type { Kysely } from 'kysely';
import { SopSteps, type SopStepNumber } from '../../shared/sop/steps';
import type { Breach, BreachList, ReportGrouping, StepReport, StepReportGroup, StepStats } from '../../shared/reportsApi';
import type { Database } from '../store/schema';
import type { Clock } from './clock';
import { percentileOfSorted } from './percentile';
import { monthCalendar, monthsBetween, type MonthCalendar } from './reportMonths';

export interface ReportServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** The office's IANA zone: months are its calendar months (the server's one office time). @default 'Asia/Jakarta' (WIB) */
  timeZone?: string;
  /** Rows read per query. @default 10000 */
  pageSize?: number;
  /** Longest period a report covers. @default 120 months */
  maxMonths?: number;
}

export interface StepReportQuery {
  from: string;
  to: string;
  /** Empty: one group for the whole period. */
  groupBy: readonly ReportGrouping[];
}

export interface BreachQuery {
  month: string;
  /** @default 100 */
  limit?: number;
  /** The last interval id of the previous page. */
  after?: number;
}

interface IntervalRow {
  id: number;
  step: number;
  started_at: number;
  ended_at: number | null;
  active_ms: number | null;
  paused_ms: number;
  paused_since: number | null;
  standard_ms: number;
  breached_at: number | null;
  technician_id: string | null;
}

interface Tally {
  durations: number[];
  breached: number;
  open: number;
  openBreached: number;
}

/** Active time of an interval: final once it ended; for an open one, up to `now` less its paused time. */
export function activeTimeMs(r: Omit<IntervalRow, 'id' | 'step' | 'technician_id' | 'standard_ms' | 'breached_at'>, now: number): number {
  if (r.ended_at !== null) return Math.max(0, r.active_ms ?? r.ended_at - r.started_at - r.paused_ms);
  const pausedNow = r.paused_since !== null ? now - r.paused_since : 0;
  return Math.max(0, now - r.started_at - r.paused_ms - pausedNow);
}

function isBreached(r: IntervalRow, now: number): boolean {
  return r.breached_at !== null || activeTimeMs(r, now) > r.standard_ms;
}

const GROUP_SEPARATOR = '\u001f';

export class ReportService {
  private readonly calendar: MonthCalendar;
  private readonly pageSize: number;
  private readonly maxMonths: number;

  constructor(private readonly o: ReportServiceOptions) {
    this.calendar = monthCalendar(o.timeZone);
    this.pageSize = o.pageSize ?? 10_000;
    this.maxMonths = o.maxMonths ?? 120;
  }

  /** The office's current month (the default period). */
  currentMonth(): string {
    return this.calendar.of(this.o.clock.now());
  }

  async stepReport(q: StepReportQuery): Promise<StepReport> {
    const months = monthsBetween(this.calendar, q.from, q.to, this.maxMonths);
    const byMonth = q.groupBy.includes('month');
    const byTechnician = q.groupBy.includes('technician');
    const now = this.o.clock.now();
    const tallies = new Map<string, Map<number, Tally>>();
    const groupKey = (month: string, technicianId: string) => `${month}${GROUP_SEPARATOR}${technicianId}`;
    // By month alone, every month of the period has a row, empty ones too (a chart's x axis).
    if (byMonth && !byTechnician) for (const m of months) tallies.set(groupKey(m, ''), new Map());

    for await (const page of this.intervals(this.calendar.start(q.from), this.calendar.start(this.calendar.next(q.to)))) {
      for (const r of page) {
        const key = groupKey(byMonth ? this.calendar.of(r.started_at) : '', byTechnician ? (r.technician_id ?? '') : '');
        let steps = tallies.get(key);
        if (!steps) tallies.set(key, (steps = new Map()));
        let t = steps.get(r.step);
        if (!t) steps.set(r.step, (t = { durations: [], breached: 0, open: 0, openBreached: 0 }));
        if (r.ended_at === null) {
          t.open++;
          if (isBreached(r, now)) t.openBreached++;
        } else {
          t.durations.push(activeTimeMs(r, now));
          if (isBreached(r, now)) t.breached++;
        }
      }
    }

    const names = byTechnician ? await this.technicianNames([...tallies.keys()].map((k) => k.split(GROUP_SEPARATOR)[1]!).filter((id) => id !== '')) : new Map<string, string>();
    const groups: StepReportGroup[] = [...tallies.entries()].map(([key, steps]) => {
      const [month, technicianId] = key.split(GROUP_SEPARATOR);
      return {
        ...(byMonth ? { month: month! } : {}),
        ...(byTechnician ? { technicianId: technicianId || null, technicianName: technicianId ? (names.get(technicianId) ?? null) : null } : {}),
        steps: SopSteps.map((s) => stats(s.step, steps.get(s.step))),
      };
    });
    if (groups.length === 0 && !byMonth && !byTechnician) groups.push({ steps: SopSteps.map((s) => stats(s.step, undefined)) });
    groups.sort(
      (a, b) =>
        (a.month ?? '').localeCompare(b.month ?? '') ||
        // Intervals without a technician last; then by name, then id, so the order is stable.
        Number(a.technicianId == null) - Number(b.technicianId == null) ||
        (a.technicianName ?? '').localeCompare(b.technicianName ?? '', 'id') ||
        (a.technicianId ?? '').localeCompare(b.technicianId ?? ''),
    );
    return { from: q.from, to: q.to, timeZone: this.calendar.timeZone, groupBy: [...q.groupBy], generatedAt: new Date(now).toISOString(), groups };
  }

  /** Intervals of the month (by start) that ran over their standard, or are open and already over it. */
  async breaches(q: BreachQuery): Promise<BreachList> {
    const limit = q.limit ?? 100;
    const from = this.calendar.start(q.month);
    const to = this.calendar.start(this.calendar.next(q.month));
    const now = this.o.clock.now();
    let query = this.o.db
      .selectFrom('ticket_steps as s')
      .innerJoin('tickets as t', 't.id', 's.ticket_id')
      .leftJoin('users as u', 'u.id', 's.technician_id')
      .select([
        's.id',
        's.ticket_id',
        's.step',
        's.started_at',
        's.ended_at',
        's.active_ms',
        's.paused_ms',
        's.paused_since',
        's.standard_ms',
        's.breached_at',
        's.technician_id',
        't.number',
        't.item_name',
        'u.display_name',
      ])
      .where('s.started_at', '>=', from)
      .where('s.started_at', '<', to)
      .where((eb) =>
        eb.or([
          eb('s.breached_at', 'is not', null),
          eb.and([eb('s.ended_at', 'is not', null), eb('s.active_ms', '>', eb.ref('s.standard_ms'))]),
          // Open and over: the same arithmetic as activeTimeMs, in SQL (a paused interval stopped counting at paused_since).
          eb.and([
            eb('s.ended_at', 'is', null),
            eb(eb('s.started_at', '+', eb('s.paused_ms', '+', eb.ref('s.standard_ms'))), '<', eb.fn.coalesce('s.paused_since', eb.val(now))),
          ]),
        ]),
      );
    if (q.after !== undefined) query = query.where('s.id', '>', q.after);
    const rows = await query.orderBy('s.id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
    const items: Breach[] = page.map((raw) => {
      const r = numeric(raw);
      const step = SopSteps[r.step - 1]!;
      const active = activeTimeMs(r, now);
      return {
        intervalId: r.id,
        ticketId: raw.ticket_id,
        ticketNumber: raw.number,
        itemName: raw.item_name,
        step: r.step,
        stepKey: step.key,
        stepName: step.name,
        startedAt: iso(r.started_at)!,
        endedAt: iso(r.ended_at),
        activeMs: active,
        standardMs: r.standard_ms,
        overMs: Math.max(0, active - r.standard_ms),
        breachedAt: iso(r.breached_at),
        open: r.ended_at === null,
        technicianId: r.technician_id,
        technicianName: raw.display_name ?? null,
      };
    });
    return { month: q.month, timeZone: this.calendar.timeZone, items, nextAfter: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  /** The period's intervals in pages, keyset on (started_at, id) so each page is an index range, not a re-sort. */
  private async *intervals(from: number, to: number): AsyncGenerator<IntervalRow[]> {
    let after: { startedAt: number; id: number } | null = null;
    for (;;) {
      let query = this.o.db
        .selectFrom('ticket_steps')
        .select(['id', 'step', 'started_at', 'ended_at', 'active_ms', 'paused_ms', 'paused_since', 'standard_ms', 'breached_at', 'technician_id'])
        .where('started_at', '>=', from)
        .where('started_at', '<', to);
      if (after) {
        const a = after;
        query = query.where((eb) => eb(eb.refTuple('started_at', 'id'), '>', eb.tuple(a.startedAt, a.id)));
      }
      const rows = (await query.orderBy('started_at').orderBy('id').limit(this.pageSize).execute()).map(numeric);
      if (rows.length > 0) yield rows.filter((r) => r.step >= 1 && r.step <= 6);
      if (rows.length < this.pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { startedAt: last.started_at, id: last.id };
    }
  }

  private async technicianNames(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.o.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique.slice(i, i + 500)).execute();
      for (const r of rows) names.set(r.id, r.display_name);
    }
    return names;
  }
}

/** Integer columns as numbers: PostgreSQL's int8 comes back as a number already (openDatabase), SQLite's too. */
function numeric<T extends IntervalRow>(r: T): T {
  return {
    ...r,
    id: Number(r.id),
    step: Number(r.step),
    started_at: Number(r.started_at),
    ended_at: r.ended_at === null ? null : Number(r.ended_at),
    active_ms: r.active_ms === null ? null : Number(r.active_ms),
    paused_ms: Number(r.paused_ms),
    paused_since: r.paused_since === null ? null : Number(r.paused_since),
    standard_ms: Number(r.standard_ms),
    breached_at: r.breached_at === null ? null : Number(r.breached_at),
  };
}

function stats(step: SopStepNumber, t: Tally | undefined): StepStats {
  const s = SopSteps[step - 1]!;
  const sorted = Float64Array.from(t?.durations ?? []).sort();
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    step,
    key: s.key,
    name: s.name,
    standardMinutes: s.standardMinutes,
    count: sorted.length,
    medianMs: round(percentileOfSorted(sorted, 0.5)),
    p90Ms: round(percentileOfSorted(sorted, 0.9)),
    breached: t?.breached ?? 0,
    open: t?.open ?? 0,
    openBreached: t?.openBreached ?? 0,
  };
}
