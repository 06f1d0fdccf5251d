import { monthCalendar, monthsBetween } from '../../../../src/server/domain/reportMonths';
import { ErrorCodes } from '../../../../src/shared/errors';

describe('monthCalendar (WIB, UTC+7)', () => {
  const wib = monthCalendar();

  it('starts a month at midnight in Jakarta, 17:00 UTC the day before', () => {
    expect(new Date(wib.start('2026-02')).toISOString()).toBe('2026-01-31T17:00:00.000Z');
    expect(new Date(wib.start('2026-01')).toISOString()).toBe('2025-12-31T17:00:00.000Z');
  });

  it('puts an instant in the month it is in Jakarta', () => {
    expect(wib.of(Date.parse('2026-01-31T16:59:59.999Z'))).toBe('2026-01');
    expect(wib.of(Date.parse('2026-01-31T17:00:00Z'))).toBe('2026-02');
  });

  it('steps over the year end', () => {
    expect(wib.next('2025-12')).toBe('2026-01');
    expect(wib.next('2026-09')).toBe('2026-10');
  });

  it('refuses what is not a month', () => {
    for (const bad of ['2026-13', '2026-1', '26-01', '2026-00', '']) expect(() => wib.start(bad)).toThrow(expect.objectContaining({ code: ErrorCodes.BAD_REQUEST }));
  });

  it('follows another zone when given one', () => {
    expect(monthCalendar('UTC').of(Date.parse('2026-01-31T17:00:00Z'))).toBe('2026-01');
    expect(monthCalendar().timeZone).toBe('Asia/Jakarta');
  });
});

describe('monthCalendar (WITA, Asia/Makassar, UTC+8)', () => {
  const wita = monthCalendar('Asia/Makassar');

  it('starts a month at midnight in Makassar, 16:00 UTC the day before — an hour before Jakarta', () => {
    expect(new Date(wita.start('2026-02')).toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(new Date(wita.start('2026-01')).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(new Date(wita.start('2026-03')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(wita.start('2026-02') - monthCalendar().start('2026-02')).toBe(-3_600_000);
  });

  it('puts the hour between the two midnights in the next month in Makassar, still this month in Jakarta', () => {
    const at = Date.parse('2026-01-31T16:30:00Z'); // 00.30 WITA on 1 February, 23.30 WIB on 31 January
    expect(wita.of(at)).toBe('2026-02');
    expect(monthCalendar().of(at)).toBe('2026-01');
    expect(wita.of(Date.parse('2026-01-31T15:59:59.999Z'))).toBe('2026-01');
    expect(wita.of(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01');
    expect(wita.of(Date.parse('2025-12-31T15:59:59.999Z'))).toBe('2025-12');
  });

  it('counts the months of a range the same', () => {
    expect(monthsBetween(wita, '2025-12', '2026-02', 120)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('monthCalendar in a zone that keeps summer time (Europe/Berlin)', () => {
  const berlin = monthCalendar('Europe/Berlin');
  it('starts each month at its own midnight, in winter and in summer time', () => {
    expect(new Date(berlin.start('2026-01')).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(new Date(berlin.start('2026-04')).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(berlin.of(Date.parse('2026-03-31T22:00:00Z'))).toBe('2026-04');
    expect(berlin.of(Date.parse('2026-03-31T21:59:59Z'))).toBe('2026-03');
  });
});

describe('monthCalendar with a zone that does not exist', () => {
  it('refuses it at once, naming it', () => {
    expect(() => monthCalendar('Asia/Bengkulu')).toThrow('office time zone "Asia/Bengkulu" is not an IANA time zone');
  });
});

describe('monthsBetween', () => {
  const wib = monthCalendar();
  it('lists both ends and what lies between', () => {
    expect(monthsBetween(wib, '2025-11', '2026-02', 120)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween(wib, '2026-02', '2026-02', 120)).toEqual(['2026-02']);
  });

  it('refuses a reversed range and one longer than the limit', () => {
    expect(() => monthsBetween(wib, '2026-02', '2026-01', 120)).toThrow(/after/);
    expect(() => monthsBetween(wib, '2025-01', '2026-01', 12)).toThrow('a report covers at most 12 months');
    expect(monthsBetween(wib, '2025-01', '2025-12', 12)).toHaveLength(12);
  });
});
