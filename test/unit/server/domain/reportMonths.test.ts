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

  it('follows another offset when given one', () => {
    expect(monthCalendar(0).of(Date.parse('2026-01-31T17:00:00Z'))).toBe('2026-01');
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
