/**
 * The live timer of a ticket's current SOP step against its standard (*Mutu Baku*): green, amber from 80% of the
 * standard, red past it. The server measures activeMs when it answers; the timer adds the time since then on this
 * browser's own clock (so a skewed PC clock does not matter), and stands still while the ticket waits on the
 * employee or the PC (paused states are not counted against the standard).
 */
import type { Language } from './language';
import { formatDuration } from './duration';
import { timerTone } from './timerTone';
import { useNow } from './useNow';


export interface StepTimerProps {
  /** Active time of the step when the server answered. */
  activeMs: number;
  standardMs: number;
  /** This browser's Date.now() when the answer arrived. */
  measuredAt: number;
  /** False while the ticket is paused (on hold, returned) or the step has ended. */
  running: boolean;
  lang: Language;
  /** For tests and storybook-like pages. @default Date.now */
  now?: () => number;
}

export function StepTimer({ activeMs, standardMs, measuredAt, running, lang, now }: StepTimerProps) {
  const t = useNow(1000, now);
  const elapsed = activeMs + (running ? Math.max(0, t - measuredAt) : 0);
  const tone = timerTone(elapsed, standardMs);
  const over = tone === 'bad';
  const label =
    lang === 'id'
      ? `${formatDuration(elapsed)} dari standar ${formatDuration(standardMs)}${over ? ', melewati standar' : ''}${running ? '' : ', berhenti'}`
      : `${formatDuration(elapsed)} of the ${formatDuration(standardMs)} standard${over ? ', past the standard' : ''}${running ? '' : ', paused'}`;
  return (
    <span class={`badge timer tone-${tone}`} role="timer" aria-label={label} title={label} data-tone={tone}>
      {over ? '! ' : ''}
      {formatDuration(elapsed)} / {formatDuration(standardMs)}
      {running ? '' : ' ⏸'}
    </span>
  );
}
