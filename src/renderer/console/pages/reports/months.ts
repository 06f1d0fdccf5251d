/**
 * Calendar months as the reports count them, written YYYY-MM: the office's months, in the zone the server says
 * (GET /api/v1/sop `officeTime`) — the same calendar as the server's (src/shared/officeCalendar.ts), so the picker's
 * "this month" is the report's, whatever zone the browser's PC is set to.
 */
import { officeCalendar } from '../../../../shared/officeCalendar';
import type { OfficeTime } from '../../../../shared/officeTime';

/** The office's month at `now`. */
export function currentMonth(now: number, office: OfficeTime): string {
  return officeCalendar(office.timeZone).monthOf(now);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 240; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function monthLabel(month: string, lang: 'id' | 'en'): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
