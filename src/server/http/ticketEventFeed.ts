/**
 * One subscriber's view of the ticket event stream (`GET /api/v1/tickets/events`): staff get every `ticket` change and
 * `breach`; anyone else only those of tickets they may see — a Ketua Tim the tickets of the teams they lead (and
 * their own), an employee their own — decided on the server by the same rule as `GET /tickets/:id`, asked afresh
 * for each event (a team's lead can change). Events are written in the order they happened: each waits for the
 * check of the one before it.
 */
import type { Breach } from '../domain/tickets/breachWatch';
import type { ActorContext } from '../domain/tickets/ticketActor';
import type { TicketChange, TicketService } from '../domain/tickets/ticketService';

export interface TicketEventFeedOptions {
  tickets: Pick<TicketService, 'onChange' | 'onBreach' | 'visibleTo'>;
  viewer: ActorContext;
  write(event: 'ticket' | 'breach', data: TicketChange | Breach): void;
  onError?(err: unknown): void;
}

export class TicketEventFeed {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly o: TicketEventFeedOptions) {
    const staff = o.viewer.roles.includes('admin') || o.viewer.roles.includes('technician');
    const offer = (event: 'ticket' | 'breach', data: TicketChange | Breach) => (staff ? this.write(event, data) : this.enqueue(event, data));
    this.unsubscribe = [o.tickets.onChange((c) => offer('ticket', c)), o.tickets.onBreach((b) => offer('breach', b))];
  }

  private write(event: 'ticket' | 'breach', data: TicketChange | Breach): void {
    if (!this.closed) this.o.write(event, data);
  }

  private enqueue(event: 'ticket' | 'breach', data: TicketChange | Breach): void {
    // A caller that is no person (a stand-alone role token) is nobody's requester or Ketua Tim: it gets nothing.
    if (!this.o.viewer.userId) return;
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        if (await this.o.tickets.visibleTo(data.ticketId, this.o.viewer)) this.write(event, data);
      } catch (err) {
        this.o.onError?.(err);
      }
    });
  }

  close(): void {
    this.closed = true;
    for (const u of this.unsubscribe) u();
  }
}
