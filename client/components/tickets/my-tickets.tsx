import Link from 'next/link';
import type { Sale, Ticket, TicketStatus } from '@/lib/api/types';
import type { Credential } from '@/lib/credential';
import { formatDateTime } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { EmptyState } from '../ui/empty-state';
import { DoorCode } from './door-code';
import { describePlace } from './place';

interface Section {
  status: TicketStatus;
  title: string;
  empty: string;
  action?: string;
  /** Whether the entry code is folded away: a ticket for sale, or being bought, is seldom the one shown at the door. */
  codeFolded?: boolean;
}

const SECTIONS: Section[] = [
  { status: 'not-listed', title: 'Your tickets', empty: 'No ticket to use: every ticket you hold is listed, held or used.', action: 'Sell' },
  { status: 'listed', title: 'Listed for sale', empty: 'None of your tickets is listed.', action: 'Change price or withdraw', codeFolded: true },
  { status: 'held', title: 'On hold', empty: 'No buyer is paying for one of your tickets right now.', codeFolded: true },
  { status: 'checked-in', title: 'Checked in', empty: 'None used at the door yet.' },
  { status: 'sold', title: 'Earlier sales, from before tickets moved to their buyers', empty: '' },
];

interface MyTicketsProps {
  tickets: Ticket[];
  /** The entry code of each ticket that has one, by ticket id. */
  credentials: Map<string, Credential>;
  sales: Sale[];
}

/** The tickets the visitor holds, by where they stand, each with its live entry code, and what they sold. */
export function MyTickets({ tickets, credentials, sales }: MyTicketsProps) {
  if (tickets.length === 0 && sales.length === 0) {
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
      {SECTIONS.map((section) => {
        const inSection = tickets.filter((t) => t.status === section.status);
        // Version 1's sold tickets are a leftover: their section shows only when there are some.
        if (section.status === 'sold' && inSection.length === 0) return null;
        const headingId = `tickets-${section.status}`;
        return (
          <section key={section.status} aria-labelledby={headingId} className="listing-section">
            <h2 id={headingId}>
              {section.title} <span className="count">({inSection.length})</span>
            </h2>
            {inSection.length === 0 ? (
              <p className="muted">{section.empty}</p>
            ) : (
              <ul className="held-tickets">
                {inSection.map((ticket) => (
                  <HeldTicket key={ticket.id} ticket={ticket} section={section} credential={credentials.get(ticket.id)} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <Sales sales={sales} />
    </div>
  );
}

function HeldTicket({ ticket, section, credential }: { ticket: Ticket; section: Section; credential: Credential | undefined }) {
  const place = ticket.eventId ? describePlace(ticket.place) : 'Listed before events existed';
  const label = `${ticket.title}, ${place}`;
  return (
    <li className="card held-ticket">
      <div className="held-ticket-head">
        <Link href={`/tickets/${ticket.id}`} className="row-title">
          {ticket.title}
        </Link>
        <span className="row-price">{formatMoney(ticket.price)}</span>
      </div>
      <p className="row-meta">{place}</p>
      {ticket.checkedInAt && <p className="muted">Checked in {formatDateTime(ticket.checkedInAt)}</p>}
      {credential &&
        (section.codeFolded ? (
          <details className="held-ticket-code">
            <summary>Entry code</summary>
            <DoorCode credential={credential} label={label} />
          </details>
        ) : (
          <DoorCode credential={credential} label={label} />
        ))}
      {section.action && ticket.listingLimits && (
        <Link href={`/tickets/${ticket.id}`} className="row-action" aria-label={`${section.action}: ${label}`}>
          {section.action}
        </Link>
      )}
    </li>
  );
}

function Sales({ sales }: { sales: Sale[] }) {
  return (
    <section aria-labelledby="tickets-sales" className="listing-section">
      <h2 id="tickets-sales">
        Sold <span className="count">({sales.length})</span>
      </h2>
      {sales.length === 0 ? (
        <p className="muted">Nothing sold yet.</p>
      ) : (
        <ul className="rows">
          {sales.map((sale) => (
            <li key={`${sale.ticketId}-${sale.orderId}`} className="row">
              <Link href={`/events/${sale.eventId}`} className="row-title">
                {sale.eventName}
              </Link>
              <span className="row-price">{formatMoney(sale.price)}</span>
              <span className="row-meta">
                {describePlace(sale.place)} · sold {formatDateTime(sale.soldAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
