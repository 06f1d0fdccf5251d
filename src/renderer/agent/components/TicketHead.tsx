/** A ticket card's header on every tray page: the software with its version, and the ticket's state. */
import type { TicketView } from '../../../shared/ticketsApi';
import type { Language } from '../../ui/language';
import { StatusBadge } from '../../ui/StatusBadge';

export function TicketHead({ ticket, lang, headingId }: { ticket: Pick<TicketView, 'item' | 'state'>; lang: Language; headingId?: string }) {
  return (
    <div class="ticket-head">
      <h2 {...(headingId ? { id: headingId } : {})}>
        {ticket.item.name} <span class="version">{ticket.item.version}</span>
      </h2>
      <StatusBadge state={ticket.state} lang={lang} />
    </div>
  );
}
