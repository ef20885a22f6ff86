import { ConflictError, ForbiddenError, fromCents } from '@ticketing/common';
import type { Ticket } from '../db/schema';

export type TicketStatus = 'on-sale' | 'held' | 'sold';

export function statusOf(ticket: Pick<Ticket, 'orderId' | 'sold'>): TicketStatus {
  if (ticket.sold) return 'sold';
  return ticket.orderId ? 'held' : 'on-sale';
}

/** A seller edits their own ticket, and only while no order holds it. */
export function assertEditableBy(ticket: Ticket, userId: string): void {
  if (ticket.userId !== userId) throw new ForbiddenError('You can only edit your own tickets');
  const status = statusOf(ticket);
  if (status === 'sold') throw new ConflictError('This ticket is sold and can no longer be edited');
  if (status === 'held') throw new ConflictError('This ticket is held by an order and cannot be edited now');
}

/** What the API shows of a ticket: price in major units, status spelled out. */
export function ticketView(ticket: Ticket) {
  return {
    id: ticket.id,
    title: ticket.title,
    price: fromCents(ticket.priceCents),
    userId: ticket.userId,
    version: ticket.version,
    orderId: ticket.orderId,
    status: statusOf(ticket),
    createdAt: ticket.createdAt.toISOString(),
  };
}

/** The ticket.updated payload for the ticket's current state. */
export function ticketUpdatedData(ticket: Ticket) {
  return {
    id: ticket.id,
    version: ticket.version,
    title: ticket.title,
    price: ticket.priceCents,
    userId: ticket.userId,
    orderId: ticket.orderId,
    sold: ticket.sold,
  };
}
