import { Router } from 'express';
import { requireAuth, type Db } from '@ticketing/common';
import { listBySeller } from '../db/tickets';
import type { TicketsSchema } from '../db/schema';
import { ticketView } from '../domain/ticket';

/** A seller's own listings in every state: on sale, held and sold. */
export function myTicketsRouter(db: Db<TicketsSchema>, currency: string): Router {
  const router = Router();
  router.get('/api/tickets/mine', requireAuth, async (req, res) => {
    const tickets = await listBySeller(db, req.currentUser!.id);
    res.json({ tickets: tickets.map((ticket) => ticketView(ticket, currency)) });
  });
  return router;
}
