/**
 * Times as the office reads them: in the office's zone (the server says which: GET /api/v1/sop `officeTime`) with its
 * label, "1 Des 2026 15.30 WIB" — never in the zone of the PC the browser runs on, which may be anywhere.
 */
import type { Language } from '../../shared/i18n/language';
import type { OfficeTime } from '../../shared/officeTime';

export function formatOfficeTime(at: number | string | null | undefined, lang: Language, office: OfficeTime): string {
  if (at === null || at === undefined) return '—';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  const text = d.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone: office.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return office.zoneLabel ? `${text} ${office.zoneLabel}` : text;
}

/** The office's calendar day of a moment, YYYY-MM-DD (what "today" means on the dashboard). */
export function officeDay(at: number | string, office: OfficeTime): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: office.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')}`;
}
