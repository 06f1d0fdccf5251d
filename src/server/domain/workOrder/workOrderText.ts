/**
 * How the work order writes values: times in the office's zone (WIB for Bengkulu), durations, sizes, and text made
 * safe for the PDF's built-in Helvetica. Pure functions of their input, so the same data always prints the same.
 */

/** pdfkit's standard fonts encode WinAnsi (CP1252): Latin-1 plus these; anything else would print as garbage. */
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

/** Latin letters with a stroke or a dotless form: Unicode gives them no decomposition to a base letter. */
const NO_DECOMPOSITION: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

function isWinAnsi(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);
}

/**
 * Text as Helvetica can print it: NFC; control characters become spaces; a letter outside WinAnsi loses its accents
 * if that makes it printable (ő → o), otherwise becomes "?". The hash covers the original text, not this.
 */
export function pdfSafeText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (isWinAnsi(cp)) out += ch;
    else if (NO_DECOMPOSITION[ch] !== undefined) out += NO_DECOMPOSITION[ch];
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) out += ' ';
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length > 0 && [...base].every((c) => isWinAnsi(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

export interface TimeFormatOptions {
  /** IANA zone the office works in. @default 'Asia/Jakarta' (WIB, Bengkulu) */
  timeZone?: string;
  /** Printed after the time. @default 'WIB' */
  zoneLabel?: string;
}

/** "01-12-2026 14:05 WIB" (day first, as Indonesian documents write dates); "—" for null. */
export function formatTime(iso: string | null, options: TimeFormatOptions = {}): string {
  if (iso === null) return '—';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: options.timeZone ?? 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('day')}-${p('month')}-${p('year')} ${p('hour')}:${p('minute')} ${options.zoneLabel ?? 'WIB'}`;
}

/** Minutes and seconds, "65 mnt 03 dtk" / "65 min 03 s": the standards are in minutes, so hours would not help. */
export function formatDuration(ms: number | null): { id: string; en: string } {
  if (ms === null) return { id: '—', en: '—' };
  const totalSec = Math.max(0, Math.round(ms / 1000));
  const min = Math.floor(totalSec / 60);
  const sec = String(totalSec % 60).padStart(2, '0');
  return { id: `${min} mnt ${sec} dtk`, en: `${min} min ${sec} s` };
}

/** "5 menit" / "5–10 menit": the SOP's Mutu Baku as it writes it. */
export function formatStandard(s: { min: number; max: number }): { id: string; en: string } {
  const range = s.min === s.max ? `${s.max}` : `${s.min}–${s.max}`;
  return { id: `${range} menit`, en: `${range} min` };
}

/** Binary sizes with one decimal: "15.6 GiB"; "—" for null. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
