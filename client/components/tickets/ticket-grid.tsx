import Link from 'next/link';
import type { Ticket } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { TicketStatusBadge } from './ticket-status';

export function TicketGrid({ tickets, showStatus = false }: { tickets: Ticket[]; showStatus?: boolean }) {
  return (
    <ul className="ticket-grid">
      {tickets.map((ticket) => (
        <li key={ticket.id} className="card ticket-card">
          <h3 className="ticket-card-title">
            <Link href={`/tickets/${ticket.id}`}>{ticket.title}</Link>
          </h3>
          <p className="ticket-card-price">{formatMoney(ticket.price)}</p>
          {showStatus && <TicketStatusBadge status={ticket.status} />}
        </li>
      ))}
    </ul>
  );
}
