import { Router, type RequestHandler } from 'express';
import { NotFoundError, requireAuth, uuidParam, type Db } from '@ticketing/common';
import { cancelOrder, lockOrderWithTicket } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { assertCancellable, assertOwnedBy, orderView } from '../domain/order';

/** The buyer gives up an order; its ticket is back on sale. Cancelling twice answers the same. */
export function cancelOrderRouter(db: Db<OrdersSchema>): Router {
  const cancel: RequestHandler = async (req, res) => {
    const { order, ticket } = await db.transaction(async (tx) => {
      // Locked, so a payment or an expiry being applied at the same moment waits for this, or wins first.
      const found = await lockOrderWithTicket(tx, req.params.id as string);
      if (!found) throw new NotFoundError('Order not found');
      assertOwnedBy(found.order, req.currentUser!.id);
      assertCancellable(found.order);
      if (found.order.status === 'cancelled') return found;
      return { order: await cancelOrder(tx, found.order), ticket: found.ticket };
    });
    res.json(orderView(order, ticket));
  };

  const router = Router();
  router.delete('/api/orders/:id', requireAuth, uuidParam('id'), cancel);
  // For clients that cannot send DELETE, such as a plain HTML form.
  router.post('/api/orders/:id/cancel', requireAuth, uuidParam('id'), cancel);
  return router;
}
