/**
 * The SOP clock of a ticket: one `ticket_steps` interval per stay in a step, timed against the step's standard. Time
 * in a paused state (waiting on the employee or on the PC) is kept apart and not counted. Called inside the
 * transaction of every transition, so the clock never disagrees with the state.
 */
import type { Kysely, Transaction } from 'kysely';
import { standardLimitMs, type SopStepNumber } from '../../../shared/sop/steps';
import { TicketStateInfo, type TicketState } from '../../../shared/sop/ticketLifecycle';
import type { Database } from '../../store/schema';

type Db = Kysely<Database> | Transaction<Database>;

export interface StepInterval {
  step: number;
  started_at: number;
  ended_at: number | null;
  active_ms: number | null;
  paused_ms: number;
  paused_since: number | null;
  standard_ms: number;
  breached_at: number | null;
}

/** Time counted against the standard so far (for an open interval, up to `now`). */
export function activeMs(interval: StepInterval, now: number): number {
  if (interval.active_ms !== null && interval.ended_at !== null) return Number(interval.active_ms);
  const end = interval.ended_at ?? now;
  const pausedOpen = interval.paused_since !== null ? end - Number(interval.paused_since) : 0;
  return Math.max(0, end - Number(interval.started_at) - Number(interval.paused_ms) - pausedOpen);
}

/** Moves the clock from one state to the next at `now`: ends and begins intervals, pauses and resumes. */
export async function advanceStepClock(
  db: Db,
  options: { ticketId: string; from: TicketState | null; to: TicketState; now: number; technicianId: string | null },
): Promise<void> {
  const { ticketId, from, to, now } = options;
  const fromStep = from ? TicketStateInfo[from].step : null;
  const toStep = TicketStateInfo[to].step;
  const open = await db
    .selectFrom('ticket_steps')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('ended_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (open && (fromStep !== toStep || toStep === null)) {
    const active = activeMs({ ...open, ended_at: now, active_ms: null }, now);
    const pausedMs = Number(open.paused_ms) + (open.paused_since !== null ? now - Number(open.paused_since) : 0);
    await db
      .updateTable('ticket_steps')
      .set({
        ended_at: now,
        active_ms: active,
        paused_ms: pausedMs,
        paused_since: null,
        technician_id: options.technicianId,
        // A step that ends past its standard is in breach even if the watch had not flagged it yet.
        ...(open.breached_at === null && active > Number(open.standard_ms) ? { breached_at: now } : {}),
      })
      .where('id', '=', open.id)
      .execute();
  }
  if (toStep !== null && (fromStep !== toStep || !open)) {
    await db
      .insertInto('ticket_steps')
      .values({
        ticket_id: ticketId,
        step: toStep,
        started_at: now,
        standard_ms: standardLimitMs(toStep as SopStepNumber),
        paused_ms: 0,
        paused_since: TicketStateInfo[to].paused ? now : null,
        technician_id: options.technicianId,
      })
      .execute();
    return;
  }
  if (open && fromStep === toStep && from) {
    const wasPaused = TicketStateInfo[from].paused;
    const isPaused = TicketStateInfo[to].paused;
    if (wasPaused && !isPaused && open.paused_since !== null) {
      await db
        .updateTable('ticket_steps')
        .set({ paused_ms: Number(open.paused_ms) + (now - Number(open.paused_since)), paused_since: null, technician_id: options.technicianId })
        .where('id', '=', open.id)
        .execute();
    } else if (!wasPaused && isPaused) {
      await db.updateTable('ticket_steps').set({ paused_since: now, technician_id: options.technicianId }).where('id', '=', open.id).execute();
    } else if (options.technicianId !== open.technician_id) {
      await db.updateTable('ticket_steps').set({ technician_id: options.technicianId }).where('id', '=', open.id).execute();
    }
  }
}
