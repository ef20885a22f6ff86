import Link from 'next/link';
import type { TicketPage } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { EmptyState } from '../ui/empty-state';
import { describePlace } from '../tickets/place';

interface EventListingsProps {
  eventId: string;
  /** Null when the API refused the cursor: a link gone stale. */
  page: TicketPage | null;
  cursor?: string;
}

/** The event's listed tickets, cheapest first, each with its seat and a way to its page. */
export function EventListings({ eventId, page, cursor }: EventListingsProps) {
  const firstPage = `/events/${eventId}`;
  let content;
  if (!page) {
    content = (
      <EmptyState title="These listings are no longer available.">
        <Link href={firstPage}>Back to the cheapest tickets</Link>
      </EmptyState>
    );
  } else if (page.tickets.length === 0) {
    content = <EmptyState title={cursor ? 'No more tickets.' : 'No tickets are listed for this event right now.'} />;
  } else {
    content = (
      <>
        <ul className="rows listings">
          {page.tickets.map((ticket) => (
            <li key={ticket.id} className="row">
              <Link href={`/tickets/${ticket.id}`} className="row-title">
                {describePlace(ticket.place)}
              </Link>
              <span className="row-price">{formatMoney(ticket.price)}</span>
            </li>
          ))}
        </ul>
        <nav aria-label="Pages of tickets" className="pagination">
          {cursor && (
            <Link href={firstPage} className="button button-secondary">
              ← Cheapest first
            </Link>
          )}
          {page.nextCursor && (
            <Link href={`${firstPage}?cursor=${encodeURIComponent(page.nextCursor)}`} className="button button-secondary" rel="next">
              Next page →
            </Link>
          )}
        </nav>
      </>
    );
  }
  return (
    <section aria-labelledby="listings-heading" className="event-listings">
      <h2 id="listings-heading">Tickets, cheapest first</h2>
      {content}
    </section>
  );
}
