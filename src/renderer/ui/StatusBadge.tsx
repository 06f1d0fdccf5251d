/** A ticket state as a coloured badge, its name from the lifecycle table (never retyped). */
import { TicketStateInfo, type TicketState } from '../../shared/sop/ticketLifecycle';
import type { Language } from './language';

export type { Tone } from './tone';
import type { Tone } from './tone';

/** What the state means to a technician glancing at the queue: waiting on staff, going, paused, closed well or not. */
export function stateTone(state: TicketState): Tone {
  switch (state) {
    case 'done':
      return 'ok';
    case 'not_suitable':
    case 'install_failed':
      return 'bad';
    case 'on_hold':
    case 'returned':
    case 'awaiting_signoff':
      return 'warn';
    case 'rejected':
    case 'cancelled':
      return 'idle';
    default:
      return 'info';
  }
}

export function StatusBadge({ state, lang }: { state: TicketState; lang: Language }) {
  return (
    <span class={`badge tone-${stateTone(state)}`} data-state={state}>
      {TicketStateInfo[state].name[lang]}
    </span>
  );
}
