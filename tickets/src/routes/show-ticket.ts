import { Router } from 'express';
import { NotFoundError, uuidParam, type Db } from '@ticketing/common';
import { findTicket } from '../db/tickets';
import type { TicketsSchema } from '../db/schema';
import { ticketView } from '../domain/ticket';

export function showTicketRouter(db: Db<TicketsSchema>, currency: string): Router {
  const router = Router();
  router.get('/api/tickets/:id', uuidParam('id'), async (req, res) => {
    const ticket = await findTicket(db, req.params.id as string);
    if (!ticket) throw new NotFoundError('Ticket not found');
    res.json(ticketView(ticket, currency));
  });
  return router;
}
