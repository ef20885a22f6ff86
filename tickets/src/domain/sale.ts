import { fromCents } from '@ticketing/common';
import type { Ticket } from '../db/schema';
import type { Sale, SoldTicket } from '../db/transfers';

/**
 * What an order's completion does to the ticket it held:
 * - `applied`: this order's sale already moved or sold it (the event came again);
 * - `sold-to-another`: another order bought it, which the one-hold rule rules out; nothing changes;
 * - `wait`: this order's order.created has not held it yet (or an older hold is still being
 *   released), so the event is retried later;
 * - `transfer`: the buyer becomes the holder;
 * - `sell-in-place`: a ticket a sale cannot move, one listed before events existed or one whose hold
 *   began before tickets learned the buyer, is marked sold as version 1 did, and its code re-issued.
 */
export type SaleDecision =
  | { kind: 'applied' }
  | { kind: 'sold-to-another' }
  | { kind: 'wait' }
  | { kind: 'transfer'; ticket: Ticket & { eventId: string }; sale: Sale }
  | { kind: 'sell-in-place' };

export function decideSale(ticket: Ticket, orderId: string, transferredByOrder: boolean): SaleDecision {
  if (transferredByOrder) return { kind: 'applied' };
  if (ticket.sold) return ticket.orderId === orderId ? { kind: 'applied' } : { kind: 'sold-to-another' };
  if (ticket.orderId !== orderId) return { kind: 'wait' };
  const { eventId, heldForUserId, heldPriceCents } = ticket;
  if (eventId === null || heldForUserId === null || heldPriceCents === null) return { kind: 'sell-in-place' };
  return { kind: 'transfer', ticket: { ...ticket, eventId }, sale: { orderId, buyerId: heldForUserId, priceCents: heldPriceCents } };
}

/** A sale as its seller sees it: the ticket, its event and seat, the order, and the price the buyer paid for it. */
export function saleView(sale: SoldTicket, currency: string) {
  return {
    ticketId: sale.ticketId,
    eventId: sale.eventId,
    eventName: sale.eventName,
    section: sale.section,
    row: sale.row,
    seat: sale.seat,
    orderId: sale.orderId,
    price: fromCents(sale.priceCents),
    currency: currency.toUpperCase(),
    soldAt: sale.transferredAt.toISOString(),
  };
}
