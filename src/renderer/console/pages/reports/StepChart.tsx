/**
 * One SOP step's durations month by month, drawn as SVG: the median and the 90th percentile of active time as bars,
 * the step's standard (its *Mutu Baku* limit) as a dashed line, so a month over the standard stands out. The numbers
 * are also in a visually hidden table for screen readers.
 */
import type { StepStats } from '../../../../shared/reportsApi';
import type { Language } from '../../../ui/language';
import { monthLabel } from './months';

export interface StepChartProps {
  title: string;
  standardMinutes: number;
  /** One entry per month, in order; null stats for a month with no data. */
  months: { month: string; stats: StepStats | null }[];
  lang: Language;
}

const W = 380;
const H = 170;
const PAD = { left: 40, right: 8, top: 14, bottom: 34 };

const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);

export function StepChart({ title, standardMinutes, months, lang }: StepChartProps) {
  const values = months.flatMap((m) => [minutes(m.stats?.medianMs ?? null) ?? 0, minutes(m.stats?.p90Ms ?? null) ?? 0]);
  const top = Math.max(standardMinutes * 1.25, ...values, 1);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, months.length);
  const bar = Math.min(18, slot / 3);
  const ticks = [0, top / 2, top];
  const label = (v: number) => (v >= 100 ? Math.round(v).toString() : v.toFixed(v >= 10 ? 0 : 1));
  const id = lang === 'id';
  return (
    <figure class="card" style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong>
        <span class="muted">
          {' '}
          · {id ? 'standar' : 'standard'} ≤ {standardMinutes} {id ? 'menit' : 'min'}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title} style={{ maxWidth: `${W * 1.3}px` }}>
        <text x={2} y={PAD.top - 1} font-size="9" fill="var(--muted)">
          {id ? 'menit' : 'min'}
        </text>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--border)" stroke-width="1" />
            <text x={PAD.left - 4} y={y(v) + 4} text-anchor="end" font-size="10" fill="var(--muted)">
              {label(v)}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = PAD.left + i * slot + slot / 2;
          const med = minutes(m.stats?.medianMs ?? null);
          const p90 = minutes(m.stats?.p90Ms ?? null);
          const over = (v: number | null) => v !== null && v > standardMinutes;
          return (
            <g key={m.month}>
              {med !== null ? (
                <rect
                  x={x - bar - 1}
                  y={y(med)}
                  width={bar}
                  height={Math.max(0, y(0) - y(med))}
                  fill={over(med) ? 'var(--bad)' : 'var(--accent)'}
                >
                  <title>{`${monthLabel(m.month, lang)} median ${label(med)}`}</title>
                </rect>
              ) : null}
              {p90 !== null ? (
                <rect
                  x={x + 1}
                  y={y(p90)}
                  width={bar}
                  height={Math.max(0, y(0) - y(p90))}
                  fill={over(p90) ? 'var(--bad)' : 'var(--accent)'}
                  fill-opacity="0.45"
                >
                  <title>{`${monthLabel(m.month, lang)} p90 ${label(p90)}`}</title>
                </rect>
              ) : null}
              <text x={x} y={H - PAD.bottom + 14} text-anchor="middle" font-size="10" fill="var(--text)">
                {monthLabel(m.month, lang)}
              </text>
              {m.stats && m.stats.breached + m.stats.openBreached > 0 ? (
                <text x={x} y={H - PAD.bottom + 27} text-anchor="middle" font-size="10" fill="var(--bad)">
                  {`⚠ ${m.stats.breached + m.stats.openBreached}`}
                </text>
              ) : null}
            </g>
          );
        })}
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(standardMinutes)}
          y2={y(standardMinutes)}
          stroke="var(--warn)"
          stroke-width="2"
          stroke-dasharray="5 4"
        />
      </svg>
      <table class="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{id ? 'Bulan' : 'Month'}</th>
            <th scope="col">{id ? 'Median (menit)' : 'Median (min)'}</th>
            <th scope="col">{id ? 'Persentil 90 (menit)' : '90th percentile (min)'}</th>
            <th scope="col">{id ? 'Melewati standar' : 'Over the standard'}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <td>{monthLabel(m.month, lang)}</td>
              <td>{m.stats?.medianMs != null ? label(m.stats.medianMs / 60_000) : '—'}</td>
              <td>{m.stats?.p90Ms != null ? label(m.stats.p90Ms / 60_000) : '—'}</td>
              <td>{m.stats ? m.stats.breached + m.stats.openBreached : 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
