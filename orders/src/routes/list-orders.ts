import { Router } from 'express';
import { requireAuth, type Db } from '@ticketing/common';
import { listOrdersOfBuyer } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { orderView } from '../domain/order';

/** The signed-in buyer's orders in every status, newest first. */
export function listOrdersRouter(db: Db<OrdersSchema>, currency: string): Router {
  const router = Router();
  router.get('/api/orders', requireAuth, async (req, res) => {
    const rows = await listOrdersOfBuyer(db, req.currentUser!.id);
    res.json({ orders: rows.map(({ order, ticket }) => orderView(order, ticket, currency)) });
  });
  return router;
}
