/** Durations, sizes and times as the pages print them (times in the office's zone, WIB, as the reports do). */
import type { Language } from '../ui/language';

const ZONE = 'Asia/Jakarta';

export function formatDuration(ms: number, lang: Language): string {
  const totalMin = Math.floor(ms / 60_000);
  if (totalMin < 1) {
    const s = Math.max(0, Math.floor(ms / 1000));
    return lang === 'id' ? `${s} dtk` : `${s} s`;
  }
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return lang === 'id' ? `${m} mnt` : `${m} min`;
  return lang === 'id' ? `${h} j ${m} mnt` : `${h} h ${m} min`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatTime(at: number | string | null | undefined, lang: Language): string {
  if (at === null || at === undefined) return '—';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' })} WIB`;
}

export function formatUptime(sec: number | undefined, lang: Language): string {
  if (sec === undefined) return '—';
  const d = Math.floor(sec / 86_400);
  const rest = formatDuration((sec % 86_400) * 1000, lang);
  if (d === 0) return rest;
  return lang === 'id' ? `${d} hari ${rest}` : `${d} d ${rest}`;
}
