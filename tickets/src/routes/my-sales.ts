import { Router } from 'express';
import { requireAuth } from '@ticketing/common';
import { listSalesBy } from '../db/transfers';
import type { TicketsDeps } from '../domain/deps';
import { saleView } from '../domain/sale';

/** The tickets the caller sold, newest first: when, by which order, at what price. */
export function mySalesRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.get('/api/tickets/sales', requireAuth, async (req, res) => {
    const sales = await listSalesBy(deps.db, req.currentUser!.id);
    res.json({ sales: sales.map((sale) => saleView(sale, deps.pricing.currency)) });
  });
  return router;
}
