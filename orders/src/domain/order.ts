import { ConflictError, ForbiddenError, fromCents, type OrderCreatedData } from '@ticketing/common';
import type { Order, Ticket } from '../db/schema';

/** How long a new order holds its ticket. */
export interface HoldSettings {
  windowSeconds: number;
}

export function expiresAtFrom(now: Date, windowSeconds: number): Date {
  return new Date(now.getTime() + windowSeconds * 1000);
}

export function assertCanBuy(ticket: Ticket, buyerId: string): void {
  if (ticket.userId === buyerId) throw new ForbiddenError('You cannot buy your own ticket');
}

/** The 409 for a ticket another order holds: sold once that order is paid, reserved until then. */
export function ticketTakenError(activeOrder: Pick<Order, 'status'> | undefined): ConflictError {
  return new ConflictError(activeOrder?.status === 'complete' ? 'Ticket is already sold' : 'Ticket is already reserved');
}

export function assertOwnedBy(order: Order, userId: string): void {
  if (order.userId !== userId) throw new ForbiddenError('You can only access your own orders');
}

/** A paid order stays paid. Cancelling a cancelled order is allowed and changes nothing. */
export function assertCancellable(order: Order): void {
  if (order.status === 'complete') throw new ConflictError('This order is paid and can no longer be cancelled');
}

/**
 * What the API shows of an order: its ticket inline, and the price it was placed at, which is what
 * payments charges, in major units.
 */
export function orderView(order: Order, ticket: Ticket) {
  return {
    id: order.id,
    status: order.status,
    userId: order.userId,
    price: fromCents(order.priceCents),
    expiresAt: order.expiresAt.toISOString(),
    version: order.version,
    createdAt: order.createdAt.toISOString(),
    cancelRequested: order.cancelRequestedAt !== null,
    cancelReason: order.cancelReason,
    ticket: { id: ticket.id, title: ticket.title, price: fromCents(ticket.priceCents) },
  };
}

export function orderCreatedData(order: Order): OrderCreatedData {
  return {
    id: order.id,
    version: order.version,
    status: order.status,
    userId: order.userId,
    expiresAt: order.expiresAt.toISOString(),
    ticket: { id: order.ticketId, price: order.priceCents },
  };
}
