/**
 * Calendar months of the office, `YYYY-MM`, in its configured zone (the one office time: ServerOptions.workOrders.time,
 * Asia/Jakarta, WIB, by default) — the reports' periods. The zone arithmetic is shared with the console
 * (src/shared/officeCalendar.ts); this adds the parsing and the refusals of the API.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import { officeCalendar, monthText } from '../../shared/officeCalendar';
import { DEFAULT_OFFICE_TIME } from '../../shared/officeTime';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthCalendar {
  /** The IANA zone the months are counted in. */
  readonly timeZone: string;
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

/** @param timeZone the office's IANA zone. @default 'Asia/Jakarta' */
export function monthCalendar(timeZone: string = DEFAULT_OFFICE_TIME.timeZone): MonthCalendar {
  const office = officeCalendar(timeZone);
  const parse = (month: string): [number, number] => {
    const m = MONTH.exec(month);
    if (!m) throw new PasangError(ErrorCodes.BAD_REQUEST, `"${month}" is not a month (YYYY-MM)`);
    return [Number(m[1]), Number(m[2])];
  };
  return {
    timeZone,
    start(month) {
      const [y, m] = parse(month);
      return office.monthStart(y, m);
    },
    of(at) {
      return office.monthOf(at);
    },
    next(month) {
      const [y, m] = parse(month);
      return m === 12 ? monthText(y + 1, 1) : monthText(y, m + 1);
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
