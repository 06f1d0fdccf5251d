/**
 * The reports page's months: "this month" is the office's, in the zone the server says — on a WITA office's console
 * the month turns an hour before it does in Jakarta, whatever zone the browser runs in (here the test machine's).
 */
import { addMonths, currentMonth, monthLabel, monthRange } from '../../../../src/renderer/console/pages/reports/months';
import { DEFAULT_OFFICE_TIME } from '../../../../src/shared/officeTime';

const WITA = { timeZone: 'Asia/Makassar', zoneLabel: 'WITA' };

describe("the reports page's months", () => {
  it("starts from the office's current month, in the server's zone", () => {
    const at = Date.parse('2026-01-31T16:30:00Z'); // 00.30 WITA on 1 February; 23.30 WIB on 31 January
    expect(currentMonth(at, WITA)).toBe('2026-02');
    expect(currentMonth(at, DEFAULT_OFFICE_TIME)).toBe('2026-01');
    expect(currentMonth(Date.parse('2026-01-31T15:59:59Z'), WITA)).toBe('2026-01');
    expect(currentMonth(Date.parse('2025-12-31T17:00:00Z'), DEFAULT_OFFICE_TIME)).toBe('2026-01');
  });

  it('steps back and forth over year ends and lists a range', () => {
    expect(addMonths('2026-02', -5)).toBe('2025-09');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('names a month in the chosen language', () => {
    expect(monthLabel('2026-08', 'id')).toBe('Agu 2026');
    expect(monthLabel('2026-08', 'en')).toBe('Aug 2026');
  });
});
