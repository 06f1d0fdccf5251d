/**
 * `serve --office-time-zone ZONE [--office-zone-label LABEL]`: the one office time (work orders, their numbers' year
 * and month, the reports' months, every time the console writes). Indonesia's three zones get their usual labels.
 */
import { officeCalendar } from '../../shared/officeCalendar';
import type { OfficeTime } from '../../shared/officeTime';

/** The labels Indonesian documents write after a time, by IANA zone. */
const INDONESIAN_ZONE_LABELS: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/**
 * The office time the flags name, or null when neither is given (the server's default, WIB). Throws an Error whose
 * message names the flag for a zone Intl does not know, a label without a zone, or a label that is not 1–8 letters.
 */
export function officeTimeOption(zone: string | undefined, label: string | undefined): OfficeTime | null {
  if (zone === undefined && label === undefined) return null;
  if (zone === undefined) throw new Error('--office-zone-label needs --office-time-zone');
  try {
    officeCalendar(zone);
  } catch (err) {
    throw new Error(`--office-time-zone: ${(err as Error).message}`);
  }
  if (label !== undefined && !/^[\p{L}+\-0-9]{1,8}$/u.test(label)) throw new Error(`--office-zone-label is 1 to 8 letters (e.g. WITA), not "${label}"`);
  return { timeZone: zone, zoneLabel: label ?? INDONESIAN_ZONE_LABELS[zone] ?? zone };
}
