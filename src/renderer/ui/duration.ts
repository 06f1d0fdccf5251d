/** Durations as a timer shows them: m:ss under an hour, h:mm:ss over; days spelled out past 24 h. */
import type { Language } from '../../shared/i18n/language';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = h > 0 || d > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
  return d > 0 ? `${d}h ${clock}` : clock;
}

export function formatMinutes(ms: number, lang: Language): string {
  const min = Math.round(ms / 60_000);
  return lang === 'id' ? `${min} menit` : `${min} min`;
}

export function formatDateTime(at: number | string | null, lang: Language): string {
  if (at === null) return '—';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
