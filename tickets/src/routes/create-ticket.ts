import { Router } from 'express';
import { requireAuth, validateRequest, type Db } from '@ticketing/common';
import { createTicket } from '../db/tickets';
import type { TicketsSchema } from '../db/schema';
import { ticketView } from '../domain/ticket';
import { priceField, titleField } from './ticket-fields';

export function createTicketRouter(db: Db<TicketsSchema>, currency: string): Router {
  const router = Router();
  router.post('/api/tickets', requireAuth, titleField(), priceField(currency), validateRequest, async (req, res) => {
    const { title, priceCents } = req.body as { title: string; priceCents: number };
    const ticket = await createTicket(db, { title, priceCents, userId: req.currentUser!.id });
    res.status(201).json(ticketView(ticket, currency));
  });
  return router;
}
