import type { PageDefinition } from '../pageTypes';
import { Queue } from './Queue';
import { TicketDetail } from './TicketDetail';

export const queuePage: PageDefinition = {
  path: 'queue',
  title: { id: 'Antrean tiket', en: 'Ticket queue' },
  roles: ['admin', 'technician'],
  component: Queue,
};

/** `#/tickets/<id>`: one ticket; reached from the queue, the approvals and a PC's page. */
export const ticketPage: PageDefinition = {
  path: 'tickets',
  title: { id: 'Tiket', en: 'Ticket' },
  roles: ['admin', 'technician', 'team_lead'],
  component: TicketDetail,
  inNav: false,
};
