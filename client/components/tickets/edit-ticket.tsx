import Link from 'next/link';
import type { Ticket } from '@/lib/api/types';
import { decimalFromMoney } from '@/lib/money';
import { editTicket } from './actions';
import { TicketForm } from './ticket-form';

/** The seller's edit form while the ticket is on sale; once an order holds it, why it cannot change. */
export function EditTicket({ ticket }: { ticket: Ticket }) {
  if (ticket.status !== 'on-sale') {
    return (
      <div className="card">
        <p>
          {ticket.status === 'held'
            ? 'A buyer is paying for this ticket now, so its title and price cannot change. If they do not pay in time, you can edit it again.'
            : 'This ticket is sold, so it can no longer be edited.'}
        </p>
        <Link href={`/tickets/${ticket.id}`}>Back to the ticket</Link>
      </div>
    );
  }
  return (
    <TicketForm
      action={editTicket.bind(null, ticket.id)}
      initial={{ title: ticket.title, price: decimalFromMoney(ticket.price) }}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      cancelHref={`/tickets/${ticket.id}`}
    />
  );
}
