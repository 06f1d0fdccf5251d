/**
 * The six SOP steps of a ticket, each with its name and standard from src/shared/sop/steps.ts and the time the ticket
 * spent in it (all its intervals summed: a return and a resubmission reopen a step), the open one live.
 */
import { SopSteps, type SopStepNumber } from '../../shared/sop/steps';
import type { TicketStepView } from '../../shared/ticketsApi';
import type { Language } from './language';
import { formatDateTime, formatDuration } from './duration';
import { StepTimer } from './StepTimer';

export interface StepTimelineProps {
  steps: readonly TicketStepView[];
  current: SopStepNumber | null;
  /** The ticket is paused (waiting on the employee or the PC). */
  paused: boolean;
  measuredAt: number;
  lang: Language;
  /** How a step's start is written: the console gives the office's zone (useOfficeTime). @default formatDateTime */
  formatTime?: (at: number | string) => string;
}

export function StepTimeline({ steps, current, paused, measuredAt, lang, formatTime = (at) => formatDateTime(at, lang) }: StepTimelineProps) {
  return (
    <ol class="timeline" aria-label={lang === 'id' ? 'Langkah SOP' : 'SOP steps'}>
      {SopSteps.map((s) => {
        const mine = steps.filter((v) => v.step === s.step);
        const open = mine.find((v) => v.endedAt === null) ?? null;
        const closedMs = mine.filter((v) => v.endedAt !== null).reduce((a, v) => a + v.activeMs, 0);
        const breached = mine.some((v) => v.breachedAt !== null);
        const standardMs = s.standardMinutes.max * 60_000;
        const state = open ? 'current' : mine.length > 0 ? 'done' : 'todo';
        return (
          <li key={s.step} class={state} data-step={s.step} aria-current={s.step === current ? 'step' : undefined}>
            <span class="num" aria-hidden="true">
              {s.step}
            </span>
            <span>
              <strong>{s.name[lang]}</strong>
              <br />
              <span class="muted">
                {lang === 'id' ? 'Standar' : 'Standard'}: {s.standardMinutes.min === s.standardMinutes.max ? s.standardMinutes.max : `${s.standardMinutes.min}–${s.standardMinutes.max}`}{' '}
                {lang === 'id' ? 'menit' : 'min'}
                {mine[0] ? ` · ${formatTime(mine[0].startedAt)}` : ''}
              </span>
            </span>
            <span>
              {open ? (
                <StepTimer activeMs={closedMs + open.activeMs} standardMs={standardMs} measuredAt={measuredAt} running={!paused} lang={lang} />
              ) : mine.length > 0 ? (
                <span class={`badge timer tone-${breached ? 'bad' : 'ok'}`}>
                  {breached ? '! ' : '✓ '}
                  {formatDuration(closedMs)} / {formatDuration(standardMs)}
                </span>
              ) : (
                <span class="muted">—</span>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
