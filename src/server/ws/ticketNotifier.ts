/**
 * Tells the trays: every ticket change is sent as `ticket.event` to the connected PCs of the people it concerns (the
 * requester and their Ketua Tim), each with the ticket as that person sees it. Lossy by design — a PC that is offline
 * reloads its lists when it reconnects.
 */
import type { Logger } from '../../shared/logger';
import type { TicketChange, TicketService } from '../domain/tickets/ticketService';
import type { PeopleDirectory } from '../domain/peopleDirectory';
import type { AgentHub } from './agentHub';

export function notifyTrays(o: { tickets: TicketService; people: PeopleDirectory; hub: AgentHub; logger: Logger }): () => void {
  const deliver = async (change: TicketChange) => {
    for (const r of await o.tickets.recipients(change.ticketId)) {
      if (!o.hub.isConnected(r.agentId)) continue;
      const person = await o.people.person(r.userId);
      if (!person) continue;
      const ticket = await o.tickets.viewFor(change.ticketId, {
        userId: person.id,
        roles: person.roles,
        via: 'agent',
        principalId: r.agentId,
        source: null,
      });
      o.hub.send(r.agentId, 'ticket.event', { osUsers: r.osUsers, action: change.action, note: change.note, ticket });
    }
  };
  return o.tickets.onChange((change) => {
    deliver(change).catch((err: unknown) => o.logger.error('ticket event not sent', { ticketId: change.ticketId, err: String(err) }));
  });
}
