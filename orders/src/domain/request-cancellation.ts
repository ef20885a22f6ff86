import { NotFoundError, type Db } from '@ticketing/common';
import { lockOrderWithTicket, requestCancel, type OrderWithTicket } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { assertCancellable, assertOwnedBy } from './order';

/**
 * The buyer gives an order up. Orders only records the wish and asks payments, which owns the
 * charge: it closes the order unless a charge has already started, and the order is cancelled on its
 * answer. Asking twice asks once; a cancelled order answers as it is.
 */
export async function requestCancellation({ db, now }: { db: Db<OrdersSchema>; now: () => Date }, buyerId: string, orderId: string): Promise<OrderWithTicket> {
  return db.transaction(async (tx) => {
    // Locked, so a payment or an expiry being applied at the same moment waits for this, or wins first.
    const found = await lockOrderWithTicket(tx, orderId);
    if (!found) throw new NotFoundError('Order not found');
    assertOwnedBy(found.order, buyerId);
    assertCancellable(found.order);
    if (found.order.status === 'cancelled' || found.order.cancelRequestedAt) return found;
    return { order: await requestCancel(tx, found.order, now()), ticket: found.ticket };
  });
}
