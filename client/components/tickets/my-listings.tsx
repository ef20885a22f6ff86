import Link from 'next/link';
import type { Ticket, TicketStatus } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { EmptyState } from '../ui/empty-state';

const SECTIONS: { status: TicketStatus; title: string; empty: string }[] = [
  { status: 'on-sale', title: 'On sale', empty: 'Nothing on sale right now.' },
  { status: 'held', title: 'On hold', empty: 'No ticket is being paid for right now.' },
  { status: 'sold', title: 'Sold', empty: 'Nothing sold yet.' },
];

/** A seller's listings by where they stand: still for sale, held by a buyer paying, or sold. */
export function MyListings({ tickets }: { tickets: Ticket[] }) {
  if (tickets.length === 0) {
    return (
      <EmptyState title="You have not listed any tickets yet.">
        <Link href="/tickets/new" className="button button-primary">
          Sell a ticket
        </Link>
      </EmptyState>
    );
  }
  return (
    <div className="listing-sections">
      {SECTIONS.map(({ status, title, empty }) => {
        const inSection = tickets.filter((t) => t.status === status);
        const headingId = `listings-${status}`;
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
                    <span className="row-price">{formatMoney(ticket.price)}</span>
                    {status === 'on-sale' && (
                      <Link href={`/tickets/${ticket.id}/edit`} className="row-action" aria-label={`Edit ${ticket.title}`}>
                        Edit
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
