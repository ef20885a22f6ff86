import { Router } from 'express';
import { matchedData } from 'express-validator';
import { requireAuth, uuidParam, validateRequest } from '@ticketing/common';
import { listTicket } from '../domain/change-listing';
import type { TicketsDeps } from '../domain/deps';
import { ticketView } from '../domain/ticket';
import { amountField } from './listing-fields';

/** The holder lists the ticket at a price, or changes that price: 200 with the ticket. */
export function listTicketRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.put('/api/tickets/:id/listing', requireAuth, uuidParam('id'), amountField('price', 'Price', deps.pricing), validateRequest, async (req, res) => {
    const { price } = matchedData(req, { locations: ['body'] }) as { price: number };
    const ticket = await listTicket(deps, req.currentUser!.id, req.params.id as string, price);
    res.json(ticketView(ticket, deps.pricing));
  });
  return router;
}
