/**
 * Flags a step the moment it runs past the SOP's standard, not only afterwards: a sweep over the open step intervals
 * every few seconds marks each one that crossed its limit (with the time it crossed) and tells the listeners, so the
 * console's timer turns red and the people on the ticket hear of it. Paused time does not count.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Clock } from '../clock';
import { activeMs } from './stepClock';

export interface Breach {
  ticketId: string;
  step: number;
  breachedAt: number;
  standardMs: number;
}

export interface BreachWatchOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How often open steps are looked at. @default 10000 */
  intervalMs?: number;
  onBreach(breach: Breach): void;
  onError(err: unknown): void;
}

export class BreachWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly o: BreachWatchOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.sweep().catch((err: unknown) => this.o.onError(err));
    }, this.o.intervalMs ?? 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Marks every open step past its standard; returns how many were newly marked. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const now = this.o.clock.now();
    const open = await this.o.db
      .selectFrom('ticket_steps')
      .selectAll()
      .where('ended_at', 'is', null)
      .where('breached_at', 'is', null)
      .where('started_at', '<=', now)
      .execute();
    let marked = 0;
    for (const s of open) {
      const active = activeMs(s, now);
      const standard = Number(s.standard_ms);
      if (active <= standard) continue;
      // When it crossed: now less the overrun, unless it is paused (then it crossed before the pause began).
      const breachedAt = s.paused_since === null ? now - (active - standard) : Number(s.paused_since) - (active - standard);
      const r = await this.o.db.updateTable('ticket_steps').set({ breached_at: breachedAt }).where('id', '=', s.id).where('breached_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) {
        marked++;
        this.o.onBreach({ ticketId: s.ticket_id, step: s.step, breachedAt, standardMs: standard });
      }
    }
    return marked;
  }
}
