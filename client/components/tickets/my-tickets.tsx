import Link from 'next/link';
import type { Ticket, TicketStatus } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { EmptyState } from '../ui/empty-state';
import { describePlace } from './place';

const SECTIONS: { status: TicketStatus; title: string; empty: string; action?: string }[] = [
  { status: 'listed', title: 'Listed for sale', empty: 'None of your tickets is listed.', action: 'Change price or withdraw' },
  { status: 'not-listed', title: 'Not listed', empty: 'Every ticket you hold is listed, held or sold.', action: 'List for sale' },
  { status: 'held', title: 'On hold', empty: 'No buyer is paying for one of your tickets right now.' },
  { status: 'sold', title: 'Sold', empty: 'Nothing sold yet.' },
];

/** The tickets the visitor holds, by where they stand: for sale, kept, being paid for by a buyer, or sold. */
export function MyTickets({ tickets }: { tickets: Ticket[] }) {
  if (tickets.length === 0) {
    return (
      <EmptyState title="You hold no tickets yet.">
        <p>Tickets you buy, and the tickets of events you organise, appear here.</p>
        <Link href="/" className="button button-primary">
          Find an event
        </Link>
      </EmptyState>
    );
  }
  return (
    <div className="listing-sections">
      {SECTIONS.map(({ status, title, empty, action }) => {
        const inSection = tickets.filter((t) => t.status === status);
        const headingId = `tickets-${status}`;
        return (
          <section key={status} aria-labelledby={headingId} className="listing-section">
            <h2 id={headingId}>
              {title} <span className="count">({inSection.length})</span>
            </h2>
            {inSection.length === 0 ? (
              <p className="muted">{empty}</p>
            ) : (
              <ul className="rows">
                {inSection.map((ticket) => (
                  <li key={ticket.id} className="row">
                    <Link href={`/tickets/${ticket.id}`} className="row-title">
                      {ticket.title}
                    </Link>
                    <span className="row-meta">{ticket.eventId ? describePlace(ticket.place) : 'Listed before events existed'}</span>
                    <span className="row-price">{formatMoney(ticket.price)}</span>
                    {action && ticket.listingLimits && (
                      <Link href={`/tickets/${ticket.id}`} className="row-action" aria-label={`${action}: ${ticket.title}, ${describePlace(ticket.place)}`}>
                        {action}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
