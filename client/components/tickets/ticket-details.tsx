import Link from 'next/link';
import { formatDateTime } from '@/lib/dates';
import type { Order, Ticket, User } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { signInPath } from '@/lib/return-path';
import { purchaseTicket } from './actions';
import { PurchasePanel } from './purchase-panel';
import { TicketStatusBadge } from './ticket-status';

interface TicketDetailsProps {
  ticket: Ticket;
  viewer: User | null;
  /** The viewer's own order holding this ticket, if it is theirs. */
  viewerOrder: Order | null;
}

export function TicketDetails({ ticket, viewer, viewerOrder }: TicketDetailsProps) {
  return (
    <article className="card ticket-details">
      <div className="ticket-details-head">
        <h1>{ticket.title}</h1>
        <TicketStatusBadge status={ticket.status} />
      </div>
      <dl className="facts">
        <div>
          <dt>Price</dt>
          <dd className="price">{formatMoney(ticket.price)}</dd>
        </div>
        {ticket.quote && ticket.status === 'on-sale' && (
          <>
            <div>
              <dt>Service fee</dt>
              <dd>{formatMoney(ticket.quote.fee)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd>{formatMoney(ticket.quote.total)}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Listed</dt>
          <dd>{formatDateTime(ticket.listedAt)}</dd>
        </div>
      </dl>
      <TicketNextStep ticket={ticket} viewer={viewer} viewerOrder={viewerOrder} />
    </article>
  );
}

/** What the viewer can do with the ticket, which depends on who they are and where the ticket stands. */
function TicketNextStep({ ticket, viewer, viewerOrder }: TicketDetailsProps) {
  const isSeller = viewer?.id === ticket.sellerId;
  if (isSeller) {
    switch (ticket.status) {
      case 'on-sale':
        return (
          <div className="next-step">
            <p>You are selling this ticket.</p>
            <Link href={`/tickets/${ticket.id}/edit`} className="button button-primary">
              Edit title or price
            </Link>
          </div>
        );
      case 'held':
        return <p className="next-step">A buyer is paying for this ticket now, so it cannot be edited. If they do not pay in time, it goes back on sale.</p>;
      case 'sold':
        return <p className="next-step">You sold this ticket.</p>;
    }
  }
  if (viewerOrder) {
    return (
      <div className="next-step">
        <p>{viewerOrder.status === 'complete' ? 'You bought this ticket.' : 'This ticket is held for you.'}</p>
        <Link href={`/orders/${viewerOrder.id}`} className="button button-primary">
          {viewerOrder.status === 'complete' ? 'View your order' : 'Go to your order to pay'}
        </Link>
      </div>
    );
  }
  if (viewer) {
    return (
      <div className="next-step">
        <PurchasePanel action={purchaseTicket.bind(null, ticket.id)} price={ticket.price} status={ticket.status} />
      </div>
    );
  }
  switch (ticket.status) {
    case 'on-sale':
      return (
        <div className="next-step">
          <Link href={signInPath(`/tickets/${ticket.id}`)} className="button button-primary">
            Sign in to buy
          </Link>
        </div>
      );
    case 'held':
      return <p className="next-step">Someone is buying this ticket right now. If they do not pay in time, it goes back on sale: check again in a few minutes.</p>;
    case 'sold':
      return <p className="next-step">This ticket has been sold.</p>;
  }
}
