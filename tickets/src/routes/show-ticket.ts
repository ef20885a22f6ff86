import { Router } from 'express';
import { NotFoundError, uuidParam } from '@ticketing/common';
import { findTicket } from '../db/tickets';
import type { TicketsDeps } from '../domain/deps';
import { purchaseQuote, ticketView } from '../domain/ticket';

export function showTicketRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.get('/api/tickets/:id', uuidParam('id'), async (req, res) => {
    const ticket = await findTicket(deps.db, req.params.id as string);
    if (!ticket) throw new NotFoundError('Ticket not found');
    res.json({ ...ticketView(ticket, deps.pricing), ...purchaseQuote(ticket, deps.pricing) });
  });
  return router;
}
