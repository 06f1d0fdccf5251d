/**
 * Calendar months of the office (Asia/Jakarta, WIB): Indonesia keeps UTC+7 all year (no daylight saving time since
 * 1964), so a fixed offset is exact and needs no time-zone database. Months are `YYYY-MM`.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';

/** WIB, in minutes east of UTC. */
export const WIB_OFFSET_MINUTES = 7 * 60;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthCalendar {
  /** Epoch ms at which the month starts (its first midnight in the office's zone). */
  start(month: string): number;
  /** The month an instant falls in. */
  of(at: number): string;
  /** The month after this one. */
  next(month: string): string;
}

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

export function monthCalendar(offsetMinutes = WIB_OFFSET_MINUTES): MonthCalendar {
  const offset = offsetMinutes * 60_000;
  const parse = (month: string): [number, number] => {
    const m = MONTH.exec(month);
    if (!m) throw new PasangError(ErrorCodes.BAD_REQUEST, `"${month}" is not a month (YYYY-MM)`);
    return [Number(m[1]), Number(m[2])];
  };
  return {
    start(month) {
      const [y, m] = parse(month);
      return Date.UTC(y, m - 1, 1) - offset;
    },
    of(at) {
      const d = new Date(at + offset);
      return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    },
    next(month) {
      const [y, m] = parse(month);
      return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
    },
  };
}

/** Every month from `from` to `to`, both included; refuses a reversed or overlong range. */
export function monthsBetween(calendar: MonthCalendar, from: string, to: string, max: number): string[] {
  if (calendar.start(from) > calendar.start(to)) throw new PasangError(ErrorCodes.BAD_REQUEST, `from (${from}) is after to (${to})`);
  const months: string[] = [];
  for (let m = from; ; m = calendar.next(m)) {
    months.push(m);
    if (m === to) return months;
    if (months.length >= max) throw new PasangError(ErrorCodes.BAD_REQUEST, `a report covers at most ${max} months`);
  }
}
