import { encodeCursor, pageOf, type Cursor } from '@ticketing/common';
import type { Ticket } from '../db/schema';
import { listOnSale } from '../db/tickets';
import type { TicketsDeps } from './deps';

/**
 * A page of the tickets a buyer can order now, listed for events still to start, newest first, and
 * the cursor of the next (null on the last); `search` looks in their event's name, venue and city.
 */
export async function listTicketsOnSale(
  { db, now }: TicketsDeps,
  search: string | undefined,
  page: { after?: Cursor; limit: number },
): Promise<{ tickets: Ticket[]; nextCursor: string | null }> {
  const rows = await listOnSale(db, { now: now(), search, after: page.after, limit: page.limit + 1 });
  const { page: tickets, nextCursor } = pageOf(rows, page.limit, (ticket) => encodeCursor({ at: ticket.createdAt, id: ticket.id }));
  return { tickets, nextCursor };
}
