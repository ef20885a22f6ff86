import { Router } from 'express';
import { NotFoundError, requireAuth, uuidParam, type Db } from '@ticketing/common';
import { findOrderWithTicket } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { assertOwnedBy, orderView } from '../domain/order';

export function showOrderRouter(db: Db<OrdersSchema>, currency: string): Router {
  const router = Router();
  router.get('/api/orders/:id', requireAuth, uuidParam('id'), async (req, res) => {
    const found = await findOrderWithTicket(db, req.params.id as string);
    if (!found) throw new NotFoundError('Order not found');
    assertOwnedBy(found.order, req.currentUser!.id);
    res.json(orderView(found.order, found.ticket, currency));
  });
  return router;
}
