import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { events, tickets, transfers, type Ticket, type TicketsSchema } from './schema';
import { changeTicket, type Tx } from './tickets';

/** The sale an order completed, as tickets applies it. */
export interface Sale {
  orderId: string;
  buyerId: string;
  priceCents: number;
}

/**
 * Moves a locked ticket of an event to its buyer: they hold it, not listed, no order holds it, and
 * its credential is re-issued, so no code of the seller checks in any more; the transfer is recorded
 * beside it, in the caller's transaction.
 */
export async function transferTicket(tx: Tx, ticket: Ticket & { eventId: string }, sale: Sale): Promise<Ticket> {
  const transferred = await changeTicket(tx, ticket, {
    userId: sale.buyerId,
    listed: false,
    orderId: null,
    heldForUserId: null,
    heldPriceCents: null,
    credentialGeneration: ticket.credentialGeneration + 1,
  });
  await tx.insert(transfers).values({
    ticketId: ticket.id,
    eventId: ticket.eventId,
    fromUserId: ticket.userId,
    toUserId: sale.buyerId,
    orderId: sale.orderId,
    priceCents: sale.priceCents,
  });
  return transferred;
}

/** Whether the order's sale has already moved its ticket: order events may arrive again after it. */
export async function wasTransferredBy(tx: Tx, orderId: string): Promise<boolean> {
  const [row] = await tx.select({ id: transfers.id }).from(transfers).where(eq(transfers.orderId, orderId));
  return row !== undefined;
}

/** The most sales one listing returns, as for the tickets a user holds. */
const MAX_LISTED_SALES = 500;

/** A ticket its seller sold: which, of what event and seat, by which order, at what price, when. */
export interface SoldTicket {
  ticketId: string;
  eventId: string;
  eventName: string;
  section: string | null;
  row: string | null;
  seat: string | null;
  orderId: string;
  priceCents: number;
  transferredAt: Date;
}

/** What the user sold, newest first, with the event and the seat of each ticket. */
export function listSalesBy(db: Db<TicketsSchema>, userId: string): Promise<SoldTicket[]> {
  return db
    .select({
      ticketId: transfers.ticketId,
      eventId: transfers.eventId,
      eventName: events.name,
      section: tickets.section,
      row: tickets.row,
      seat: tickets.seat,
      orderId: transfers.orderId,
      priceCents: transfers.priceCents,
      transferredAt: transfers.transferredAt,
    })
    .from(transfers)
    .innerJoin(tickets, eq(tickets.id, transfers.ticketId))
    .innerJoin(events, eq(events.id, transfers.eventId))
    .where(eq(transfers.fromUserId, userId))
    // Spelled as transfers_from_user_idx holds it (see newestFirst in tickets.ts).
    .orderBy(sql`${transfers.transferredAt} desc nulls last`, desc(transfers.id))
    .limit(MAX_LISTED_SALES);
}
