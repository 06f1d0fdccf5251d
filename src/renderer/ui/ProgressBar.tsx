/** A progress bar with its value for screen readers; indeterminate (no value) while the total is unknown. */
export interface ProgressBarProps {
  /** 0..1, or null when unknown. */
  fraction: number | null;
  label: string;
  /** @default 'running' */
  tone?: 'running' | 'done' | 'failed';
}

export function ProgressBar({ fraction, label, tone = 'running' }: ProgressBarProps) {
  const pct = fraction === null ? null : Math.max(0, Math.min(100, Math.round(fraction * 100)));
  return (
    <div
      class={`progress ${tone === 'running' ? '' : tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(pct !== null ? { 'aria-valuenow': pct } : {})}
      data-value={pct ?? ''}
    >
      <span style={{ width: `${pct ?? 100}%`, opacity: pct === null ? 0.35 : 1 }} />
    </div>
  );
}
