/**
 * TicketEventFeed with a ticket service of our own interface: which events a subscriber is written, in which order,
 * and that nothing is written after close.
 */
import type { Breach } from '../../../../src/server/domain/tickets/breachWatch';
import type { ActorContext } from '../../../../src/server/domain/tickets/ticketActor';
import type { TicketChange } from '../../../../src/server/domain/tickets/ticketService';
import { TicketEventFeed } from '../../../../src/server/http/ticketEventFeed';

/** A ticket service that emits on demand and answers visibility after a delay the test chooses per ticket. */
function fakeTickets(visible: Record<string, { to: string[]; delayMs: number }>) {
  const changes = new Set<(c: TicketChange) => void>();
  const breaches = new Set<(b: Breach) => void>();
  return {
    onChange: (l: (c: TicketChange) => void) => (changes.add(l), () => changes.delete(l)),
    onBreach: (l: (b: Breach) => void) => (breaches.add(l), () => breaches.delete(l)),
    visibleTo: async (ticketId: string, viewer: ActorContext) => {
      const v = visible[ticketId];
      if (!v) throw new Error(`no ticket ${ticketId}`);
      await new Promise((r) => setTimeout(r, v.delayMs));
      return v.to.includes(viewer.userId ?? '');
    },
    change: (ticketId: string, action: TicketChange['action'] = 'approve') => {
      for (const l of changes) l({ ticketId, action, from: 'submitted', to: 'approved', note: null });
    },
    breach: (ticketId: string) => {
      for (const l of breaches) l({ ticketId, step: 1, breachedAt: 0, standardMs: 300_000 });
    },
    listeners: () => changes.size + breaches.size,
  };
}

const person = (userId: string | null, roles: ActorContext['roles']): ActorContext => ({ userId, roles, via: 'console', principalId: userId, source: '127.0.0.1' });
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('TicketEventFeed', () => {
  it('writes a Ketua Tim only the events of tickets they may see, in the order they happened even when checks finish out of order', async () => {
    // A's check is slow, B's fast: B's event must still come after A's.
    const tickets = fakeTickets({ A: { to: ['lead'], delayMs: 15 }, B: { to: ['lead'], delayMs: 0 }, C: { to: ['someone else'], delayMs: 0 } });
    const written: string[] = [];
    const feed = new TicketEventFeed({ tickets, viewer: person('lead', ['team_lead', 'employee']), write: (e, d) => written.push(`${e}:${d.ticketId}`) });
    tickets.change('A');
    tickets.breach('C');
    tickets.change('B');
    tickets.breach('A');
    await settle();
    expect(written).toEqual(['ticket:A', 'ticket:B', 'breach:A']);
    feed.close();
  });

  it('writes staff every event at once, without asking', async () => {
    const tickets = fakeTickets({});
    const written: string[] = [];
    const feed = new TicketEventFeed({ tickets, viewer: person('tech', ['technician']), write: (e, d) => written.push(`${e}:${d.ticketId}`) });
    tickets.change('X');
    tickets.breach('Y');
    expect(written).toEqual(['ticket:X', 'breach:Y']);
    feed.close();
  });

  it('writes a caller that is no person (a stand-alone role token) nothing', async () => {
    const tickets = fakeTickets({ A: { to: [''], delayMs: 0 } });
    const written: string[] = [];
    const feed = new TicketEventFeed({ tickets, viewer: person(null, ['team_lead']), write: (e, d) => written.push(`${e}:${d.ticketId}`) });
    tickets.change('A');
    await settle();
    expect(written).toEqual([]);
    feed.close();
  });

  it('skips an event whose check fails, reports it, and goes on with the next', async () => {
    const tickets = fakeTickets({ B: { to: ['me'], delayMs: 0 } });
    const written: string[] = [];
    const errors: string[] = [];
    const feed = new TicketEventFeed({
      tickets,
      viewer: person('me', ['employee']),
      write: (e, d) => written.push(`${e}:${d.ticketId}`),
      onError: (err) => errors.push(String(err)),
    });
    tickets.change('gone');
    tickets.change('B');
    await settle();
    expect(written).toEqual(['ticket:B']);
    expect(errors).toEqual(['Error: no ticket gone']);
    feed.close();
  });

  it('writes nothing once closed, not even an event whose check was under way, and unsubscribes', async () => {
    const tickets = fakeTickets({ A: { to: ['me'], delayMs: 10 } });
    const written: string[] = [];
    const feed = new TicketEventFeed({ tickets, viewer: person('me', ['employee']), write: (e, d) => written.push(`${e}:${d.ticketId}`) });
    expect(tickets.listeners()).toBe(2);
    tickets.change('A');
    feed.close();
    await settle();
    expect(written).toEqual([]);
    expect(tickets.listeners()).toBe(0);
  });
});
