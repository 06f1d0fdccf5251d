/**
 * Office times in the console: written in the office's zone whatever zone the process runs in (here the test
 * machine's, UTC: a formatter that used the local zone would write 08.30, not 15.30). The console e2e suite checks
 * the same in Chromium set to another zone (officeTime.test.ts there).
 */
import { formatOfficeTime, officeDay } from '../../../../src/renderer/ui/officeTime';
import { DEFAULT_OFFICE_TIME } from '../../../../src/shared/officeTime';

const WIB = DEFAULT_OFFICE_TIME;
const WITA = { timeZone: 'Asia/Makassar', zoneLabel: 'WITA' };

describe('office time', () => {
  it('writes a time in WIB with its label, in Indonesian and in English', () => {
    // 08:30 UTC is 15:30 in Jakarta (and 00:30 in Los Angeles).
    expect(formatOfficeTime('2026-12-01T08:30:00Z', 'id', WIB)).toBe('1 Des 2026, 15.30 WIB');
    expect(formatOfficeTime(Date.parse('2026-12-01T08:30:00Z'), 'en', WIB)).toBe('1 Dec 2026, 15:30 WIB');
  });

  it("writes it in another office's zone when the server says so", () => {
    expect(formatOfficeTime('2026-12-01T08:30:00Z', 'en', WITA)).toBe('1 Dec 2026, 16:30 WITA');
  });

  it('writes a dash for no time or a time that is none', () => {
    expect(formatOfficeTime(null, 'id', WIB)).toBe('—');
    expect(formatOfficeTime(undefined, 'id', WIB)).toBe('—');
    expect(formatOfficeTime('not a time', 'en', WIB)).toBe('—');
  });

  it("counts the office's calendar day: 17:00 UTC is already tomorrow in WIB", () => {
    expect(officeDay('2026-12-01T16:59:59Z', WIB)).toBe('2026-12-01');
    expect(officeDay('2026-12-01T17:00:00Z', WIB)).toBe('2026-12-02');
    expect(officeDay('2026-12-01T15:59:59Z', WITA)).toBe('2026-12-01');
    expect(officeDay('2026-12-01T16:00:00Z', WITA)).toBe('2026-12-02');
  });
});
