import { Router, type RequestHandler } from 'express';
import { requireAuth, uuidParam, type Db } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { orderView } from '../domain/order';
import { requestCancellation } from '../domain/request-cancellation';

/**
 * The buyer gives up an order: 202 while payments decides (the order shows `cancelRequested`), 200
 * once it is cancelled. Asking twice answers the same.
 */
export function cancelOrderRouter(deps: { db: Db<OrdersSchema>; now: () => Date; currency: string }): Router {
  const cancel: RequestHandler = async (req, res) => {
    const { order, ticket } = await requestCancellation(deps, req.currentUser!.id, req.params.id as string);
    res.status(order.status === 'cancelled' ? 200 : 202).json(orderView(order, ticket, deps.currency));
  };

  const router = Router();
  router.delete('/api/orders/:id', requireAuth, uuidParam('id'), cancel);
  // For clients that cannot send DELETE, such as a plain HTML form.
  router.post('/api/orders/:id/cancel', requireAuth, uuidParam('id'), cancel);
  return router;
}
