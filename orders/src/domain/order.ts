import {
  ConflictError,
  ForbiddenError,
  formatAmount,
  fromCents,
  isChargeablePrice,
  priceBreakdown,
  type ChargeLimits,
  type FeeSchedule,
  type OrderCreatedData,
  type PriceBreakdown,
} from '@ticketing/common';
import type { Order, Ticket } from '../db/schema';

/** How long a new order holds its ticket. */
export interface HoldSettings {
  windowSeconds: number;
}

/** What a new order is priced with: the fee schedule of the moment, and what a card can be charged. */
export interface OrderPricing {
  fees: FeeSchedule;
  limits: ChargeLimits;
  currency: string;
}

export function expiresAtFrom(now: Date, windowSeconds: number): Date {
  return new Date(now.getTime() + windowSeconds * 1000);
}

/**
 * Whether the buyer may order the ticket at this moment, whoever else holds it: not their own, of an
 * event, listed by its holder, and its event not yet started (sales close at the start, by this
 * service's clock). A ticket listed before events existed admits to no event and is no longer for sale.
 */
export function assertCanBuy(ticket: Ticket, buyerId: string, now: Date): void {
  if (ticket.userId === buyerId) throw new ForbiddenError('You cannot buy your own ticket');
  if (!ticket.eventId || !ticket.listed) throw new ConflictError('This ticket is not listed for sale');
  if (ticket.startsAt && ticket.startsAt.getTime() <= now.getTime()) {
    throw new ConflictError(`Sales for this event have closed: it started at ${ticket.startsAt.toISOString()}`);
  }
}

/**
 * The ticket's price, the buyer's fee and the total the buyer will be charged. Tickets refuses
 * listings whose total no card can be charged; this guards the replica against any that got through,
 * so a buyer is turned away here rather than at payment.
 */
export function priceOrder(ticket: Ticket, { fees, limits, currency }: OrderPricing): PriceBreakdown {
  const breakdown = priceBreakdown(ticket.priceCents, fees);
  if (!isChargeablePrice(ticket.priceCents, fees, limits)) {
    const range = `${formatAmount(limits.minCents, currency)} to ${formatAmount(limits.maxCents, currency)}`;
    throw new ConflictError(`This ticket cannot be bought: its total of ${formatAmount(breakdown.totalCents, currency)} is outside what a card can be charged (${range})`);
  }
  return breakdown;
}

/** The 409 for a ticket an order holds while its buyer pays. */
export const ticketReservedError = () => new ConflictError('Ticket is already reserved');

/**
 * Whether an earlier order keeps the ticket from a new one, given the ticket's latest order that was
 * not cancelled: one holding it does, and so does one that paid for it until the sale reaches the
 * replica. Tickets moves a sold ticket to its buyer and says so in ticket.updated; until then the
 * replica still shows the seller holding it, listed, and a second buyer must not get it.
 */
export function assertNotTaken(ticket: Ticket, latestOrder: Pick<Order, 'status' | 'userId'> | undefined): void {
  if (latestOrder?.status === 'created') throw ticketReservedError();
  if (latestOrder?.status === 'complete' && latestOrder.userId !== ticket.userId) throw new ConflictError('Ticket is already sold');
}

export function assertOwnedBy(order: Order, userId: string): void {
  if (order.userId !== userId) throw new ForbiddenError('You can only access your own orders');
}

/** A paid order stays paid. Cancelling a cancelled order is allowed and changes nothing. */
export function assertCancellable(order: Order): void {
  if (order.status === 'complete') throw new ConflictError('This order is paid and can no longer be cancelled');
}

/**
 * What the API shows of an order: its ticket inline, and the price, fee and total it was placed at,
 * in major units of the platform currency, which it names; the total is what payments charges.
 */
export function orderView(order: Order, ticket: Ticket, currency: string) {
  return {
    id: order.id,
    status: order.status,
    userId: order.userId,
    price: fromCents(order.priceCents),
    fee: fromCents(order.feeCents),
    total: fromCents(order.totalCents),
    expiresAt: order.expiresAt.toISOString(),
    version: order.version,
    createdAt: order.createdAt.toISOString(),
    cancelRequested: order.cancelRequestedAt !== null,
    cancelReason: order.cancelReason,
    currency: currency.toUpperCase(),
    ticket: { id: ticket.id, title: ticket.title, price: fromCents(ticket.priceCents) },
  };
}

/** order.created for a new order of the ticket: its seller is the ticket's holder at that moment. */
export function orderCreatedData(order: Order, ticket: Ticket): OrderCreatedData {
  return {
    id: order.id,
    version: order.version,
    status: order.status,
    userId: order.userId,
    expiresAt: order.expiresAt.toISOString(),
    // The event is for the seller's payouts. The replica's column is nullable for tickets from before
    // events, which are never sold; a null is left out, as the catalogue's optional field expects.
    ticket: { id: order.ticketId, price: order.priceCents, ...(ticket.eventId ? { eventId: ticket.eventId } : {}) },
    fee: order.feeCents,
    total: order.totalCents,
    sellerId: ticket.userId,
  };
}
