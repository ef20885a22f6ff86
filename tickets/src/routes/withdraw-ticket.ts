import { Router } from 'express';
import { requireAuth, uuidParam } from '@ticketing/common';
import { withdrawTicket } from '../domain/change-listing';
import type { TicketsDeps } from '../domain/deps';
import { ticketView } from '../domain/ticket';

/** The holder withdraws the ticket from sale: 200 with the ticket, not listed. */
export function withdrawTicketRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.delete('/api/tickets/:id/listing', requireAuth, uuidParam('id'), async (req, res) => {
    const ticket = await withdrawTicket(deps, req.currentUser!.id, req.params.id as string);
    res.json(ticketView(ticket, deps.pricing));
  });
  return router;
}
