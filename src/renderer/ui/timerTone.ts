/** A step timer's colour: green within 80% of the standard, amber from there, red past the standard. */
import type { Tone } from './tone';

/** The amber threshold, as a fraction of the standard. */
export const AMBER_AT = 0.8;

export function timerTone(elapsedMs: number, standardMs: number): Tone {
  if (standardMs <= 0) return 'info';
  if (elapsedMs > standardMs) return 'bad';
  if (elapsedMs >= standardMs * AMBER_AT) return 'warn';
  return 'ok';
}
