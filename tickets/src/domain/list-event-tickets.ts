import { NotFoundError, encodeCursor, pageOf, type Cursor } from '@ticketing/common';
import { findEvent } from '../db/events';
import type { Ticket } from '../db/schema';
import { listEventTicketsByNewest, listEventTicketsByPrice } from '../db/tickets';
import { encodePriceCursor, type PriceCursor } from './cursor';
import type { TicketsDeps } from './deps';

/** The orders of an event's listing: cheapest first, or newest first; each pages by its own cursor. */
export type EventTicketsPage = { sort: 'price'; after?: PriceCursor; limit: number } | { sort: 'newest'; after?: Cursor; limit: number };

/** A page of the event's tickets on sale, and the cursor of the next (null on the last). */
export async function listEventTickets({ db }: TicketsDeps, eventId: string, page: EventTicketsPage): Promise<{ tickets: Ticket[]; nextCursor: string | null }> {
  const event = await findEvent(db, eventId);
  if (!event) throw new NotFoundError('Event not found');
  const limit = page.limit + 1;
  if (page.sort === 'price') {
    const rows = await listEventTicketsByPrice(db, event.id, { after: page.after, limit });
    const { page: tickets, nextCursor } = pageOf(rows, page.limit, (ticket) => encodePriceCursor({ priceCents: ticket.priceCents, id: ticket.id }));
    return { tickets, nextCursor };
  }
  const rows = await listEventTicketsByNewest(db, event.id, { after: page.after, limit });
  const { page: tickets, nextCursor } = pageOf(rows, page.limit, (ticket) => encodeCursor({ at: ticket.createdAt, id: ticket.id }));
  return { tickets, nextCursor };
}
