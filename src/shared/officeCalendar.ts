/**
 * The office's calendar: which day and month an instant falls in, and when a month begins, in the office's zone
 * (OfficeTime.timeZone, an IANA zone, from the server's settings). One computation for the server's reports and
 * work-order numbers and the console's month picker, so they never disagree about where a month ends. Read through
 * Intl rather than a fixed offset, so a zone that changes its offset is right too (Indonesia's WIB, WITA and WIT
 * keep none).
 */

export interface OfficeDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
}

export interface OfficeCalendar {
  readonly timeZone: string;
  /** The office's wall-clock date and time of an instant (epoch ms). */
  dateOf(at: number): OfficeDateTime;
  /** The office's month of an instant, `YYYY-MM`. */
  monthOf(at: number): string;
  /** Epoch ms of the first midnight of a month (1–12) in the office's zone. */
  monthStart(year: number, month: number): number;
}

/** `YYYY-MM` of a year and a month 1–12. */
export function monthText(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Epoch ms of a wall-clock time read as UTC (Date.UTC alone reads years 0–99 as 1900–1999). */
function utcOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Throws a RangeError naming the zone when it is not one Intl knows (a setting's mistake, caught at start). */
export function officeCalendar(timeZone: string): OfficeCalendar {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new RangeError(`office time zone "${timeZone}" is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar)`, { cause });
  }
  const wallClock = (at: number) => {
    const parts = format.formatToParts(new Date(at));
    const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour') % 24, minute: n('minute'), second: n('second') };
  };
  /** How far the office's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
  const offsetAt = (at: number) => {
    const w = wallClock(at);
    return utcOf(w.year, w.month, w.day, w.hour, w.minute, w.second) - (at - (((at % 1000) + 1000) % 1000));
  };
  return {
    timeZone,
    dateOf(at) {
      const w = wallClock(at);
      return { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute };
    },
    monthOf(at) {
      const w = wallClock(at);
      return monthText(w.year, w.month);
    },
    monthStart(year, month) {
      const midnightUtc = utcOf(year, month, 1);
      // The offset at the guess, then at the instant it gives: right even when the offset changes near the month's start.
      const guess = midnightUtc - offsetAt(midnightUtc);
      return midnightUtc - offsetAt(guess);
    },
  };
}
