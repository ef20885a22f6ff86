import { Router } from 'express';
import { requireAuth } from '@ticketing/common';
import { listByHolder } from '../db/tickets';
import type { TicketsDeps } from '../domain/deps';
import { ticketView } from '../domain/ticket';

/** The tickets the caller holds, in every state: listed, not listed, held, checked in, and sold before sales moved tickets. */
export function myTicketsRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.get('/api/tickets/mine', requireAuth, async (req, res) => {
    const tickets = await listByHolder(deps.db, req.currentUser!.id);
    res.json({ tickets: tickets.map((ticket) => ticketView(ticket, deps.pricing)) });
  });
  return router;
}
