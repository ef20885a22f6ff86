import { ConflictError, NotFoundError, type Db } from '@ticketing/common';
import { findLatestUncancelledOrder, insertOrder, isActiveOrderConflict, type OrderWithTicket } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { findTicket, lockTicket } from '../db/tickets';
import type { TakenTickets } from './taken-tickets';
import { assertCanBuy, assertNotTaken, expiresAtFrom, priceOrder, ticketReservedError, type HoldSettings, type OrderPricing } from './order';

export interface PlaceOrderDeps {
  db: Db<OrdersSchema>;
  now: () => Date;
  hold: HoldSettings;
  pricing: OrderPricing;
  /** Told of each order placed, once its transaction has committed: for the metrics. */
  onOrderPlaced?: () => void;
  /** Refusals remembered across attempts; without it, every attempt reads the database. */
  taken?: TakenTickets;
}

/**
 * A buyer orders a ticket: the new order holds it for them until it is paid, or payments closes it,
 * and keeps the price, fee and total it was placed at.
 *
 * Most buyers of a sought-after ticket find it taken; they are turned away from a plain read,
 * shared by the attempts that come while it runs (or from its refusal, remembered until the ticket
 * changes), so only purchases that may succeed queue for the ticket's lock, one at a time per
 * replica, and the lock checks again. Those queued behind the one that took it are turned away by
 * the refusal it leaves. The unique index on active orders is the guarantee under all of it.
 */
export async function placeOrder({ db, now, hold, pricing, onOrderPlaced, taken }: PlaceOrderDeps, buyerId: string, ticketId: string): Promise<OrderWithTicket> {
  const remembered = taken?.refusalOf(ticketId);
  if (remembered) throw remembered;
  const plainRead = () => Promise.all([findTicket(db, ticketId), findLatestUncancelledOrder(db, ticketId)]);
  const { seen: [seen, seenOrder], refused } = taken ? await taken.sharedRead(ticketId, plainRead) : { seen: await plainRead(), refused: undefined };
  if (!seen) throw new NotFoundError('Ticket not found');
  assertCanBuy(seen, buyerId, now());
  try {
    assertNotTaken(seen, seenOrder);
  } catch (err) {
    if (err instanceof ConflictError) refused?.(err);
    throw err;
  }
  const purchase = async (refused?: (refusal: Error) => void): Promise<OrderWithTicket> => {
    try {
      const placed = await db.transaction(async (tx) => {
        // Every purchase of this ticket waits here for the one before it, so the check below sees any
        // order that purchase placed.
        const ticket = await lockTicket(tx, ticketId);
        if (!ticket) throw new NotFoundError('Ticket not found');
        const placedAt = now();
        assertCanBuy(ticket, buyerId, placedAt);
        try {
          assertNotTaken(ticket, await findLatestUncancelledOrder(tx, ticket.id));
        } catch (err) {
          if (err instanceof ConflictError) refused?.(err);
          throw err;
        }
        const figures = priceOrder(ticket, pricing);
        const order = await insertOrder(tx, ticket, { userId: buyerId, expiresAt: expiresAtFrom(placedAt, hold.windowSeconds), ...figures });
        return { order, ticket };
      });
      // The new order holds the ticket until it is paid or cancelled, which the database announces.
      refused?.(ticketReservedError());
      onOrderPlaced?.();
      return placed;
    } catch (err) {
      // The unique index caught an order holding the ticket that the check did not see: answer as the check would.
      if (!isActiveOrderConflict(err)) throw err;
      throw ticketReservedError();
    }
  };
  if (!taken) return purchase();
  return taken.oneAtATime(ticketId, (refused) => {
    const takenMeanwhile = taken.refusalOf(ticketId);
    if (takenMeanwhile) throw takenMeanwhile;
    return purchase(refused);
  });
}
