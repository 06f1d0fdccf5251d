/**
 * /api/v1/reports: the SOP step report (per step: count, median and 90th percentile of active time, the standard,
 * breaches) by month (the office's months: its configured zone, Asia/Jakarta by default) and/or technician, and the month's breaches — as JSON, or as CSV for Excel.
 */
import type { ServerResponse } from 'node:http';
import { ErrorCodes } from '../../shared/errors';
import { DEFAULT_OFFICE_TIME, type OfficeTime } from '../../shared/officeTime';
import { BreachListSchema, ReportGroupings, StepReportSchema, type BreachList, type ReportGrouping } from '../../shared/reportsApi';
import { isMonth } from '../domain/reportMonths';
import type { ReportService } from '../domain/reports';
import type { CsvSeparator } from './csvTable';
import { breachesCsv, stepReportCsv, type CsvFile, type ReportCsvOptions } from './reportCsv';
import { httpError, type JsonReply, type RouteDefinition } from './router';
import { intParam } from './queryParams';

export interface ReportRoutesOptions {
  reports: Pick<ReportService, 'stepReport' | 'breaches' | 'currentMonth'>;
  /** The office's zone and its label, for the CSV's times (the zone the ReportService counts months in). @default WIB */
  officeTime?: OfficeTime;
  /** Most breaches one CSV export holds (memory bound). @default 100000 */
  maxCsvBreaches?: number;
}

const READERS = ['admin', 'technician'] as const;

type Output = { format: 'json' } | ({ format: 'csv' } & ReportCsvOptions);

/** format=json|csv, and for CSV sep=;|, (default ;) and en=1 for English headers. */
function output(query: URLSearchParams): Output | string {
  const format = query.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return 'format must be json or csv';
  if (format === 'json') return { format };
  const sep = query.get('sep') ?? ';';
  const en = query.get('en') ?? '0';
  if (sep !== ';' && sep !== ',') return 'sep must be ; or ,';
  if (en !== '0' && en !== '1') return 'en must be 0 or 1';
  return { format, separator: sep as CsvSeparator, english: en === '1' };
}

function monthParam(query: URLSearchParams, name: string, fallback: string): string | null {
  const value = query.get(name) ?? fallback;
  return isMonth(value) ? value : null;
}

function sendCsv(res: ServerResponse, file: CsvFile): null {
  const body = Buffer.from(file.body, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-length': body.length,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'cache-control': 'no-store',
  });
  res.end(body);
  return null;
}

export function reportRoutes(o: ReportRoutesOptions): RouteDefinition[] {
  const maxCsv = o.maxCsvBreaches ?? 100_000;
  return [
    {
      method: 'GET',
      path: '/api/v1/reports/steps',
      access: READERS,
      summary:
        'Per SOP step: count, median and 90th percentile of active time, standard, breaches and open intervals over it; from/to=YYYY-MM (office months, default this month), groupBy=month|technician|month,technician; format=csv (sep=;|, en=1)',
      response: StepReportSchema,
      async handler({ query, res }): Promise<JsonReply | null> {
        const current = o.reports.currentMonth();
        const to = monthParam(query, 'to', current);
        const from = to === null ? null : monthParam(query, 'from', to);
        if (from === null || to === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'from and to must be months, YYYY-MM');
        const rawGroups = query.get('groupBy');
        const groupBy = rawGroups === null || rawGroups === '' ? [] : rawGroups.split(',');
        if (!groupBy.every((g) => (ReportGroupings as readonly string[]).includes(g)) || new Set(groupBy).size !== groupBy.length) {
          return httpError(400, ErrorCodes.BAD_REQUEST, 'groupBy must be month, technician or month,technician');
        }
        const out = output(query);
        if (typeof out === 'string') return httpError(400, ErrorCodes.BAD_REQUEST, out);
        // Month first, whatever order the caller named them in: rows read month by month.
        const ordered = ReportGroupings.filter((g) => groupBy.includes(g)) as ReportGrouping[];
        const report = await o.reports.stepReport({ from, to, groupBy: ordered });
        return out.format === 'json' ? { status: 200, body: report } : sendCsv(res, stepReportCsv(report, out));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/reports/breaches',
      access: READERS,
      summary:
        'Step intervals over their standard that started in month=YYYY-MM (an office month, default this month), with ticket, work order number and technician; limit, after; format=csv (sep, en) for the whole month',
      response: BreachListSchema,
      async handler({ query, res }): Promise<JsonReply | null> {
        const month = monthParam(query, 'month', o.reports.currentMonth());
        if (month === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'month must be YYYY-MM');
        const out = output(query);
        if (typeof out === 'string') return httpError(400, ErrorCodes.BAD_REQUEST, out);
        if (out.format === 'csv') {
          const all: BreachList = { ...(await o.reports.breaches({ month, limit: 1000 })) };
          while (all.nextAfter !== null) {
            if (all.items.length >= maxCsv) return httpError(400, ErrorCodes.BAD_REQUEST, `more than ${maxCsv} breaches in ${month}: page through the JSON`);
            const next = await o.reports.breaches({ month, limit: 1000, after: all.nextAfter });
            all.items.push(...next.items);
            all.nextAfter = next.nextAfter;
          }
          return sendCsv(res, breachesCsv(all, out, o.officeTime ?? DEFAULT_OFFICE_TIME));
        }
        const limit = intParam(query.get('limit'), 100, 1, 1000);
        const after = query.get('after') === null ? undefined : intParam(query.get('after'), 0, 0, Number.MAX_SAFE_INTEGER);
        if (limit === null || after === null) return httpError(400, ErrorCodes.BAD_REQUEST, 'limit must be 1-1000, after an interval id');
        return { status: 200, body: await o.reports.breaches({ month, limit, ...(after !== undefined ? { after } : {}) }) };
      },
    },
  ];
}
