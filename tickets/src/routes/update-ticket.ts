import { Router } from 'express';
import { NotFoundError, requireAuth, uuidParam, validateRequest, type Db } from '@ticketing/common';
import { changeTicket, lockTicket } from '../db/tickets';
import type { TicketsSchema } from '../db/schema';
import { assertEditableBy, ticketView } from '../domain/ticket';
import { priceField, titleField } from './ticket-fields';

export function updateTicketRouter(db: Db<TicketsSchema>, currency: string): Router {
  const router = Router();
  router.put('/api/tickets/:id', requireAuth, uuidParam('id'), titleField(), priceField(currency), validateRequest, async (req, res) => {
    const { title, priceCents } = req.body as { title: string; priceCents: number };
    const updated = await db.transaction(async (tx) => {
      // Locked, so an order.created being applied at the same moment waits for this edit, or wins first.
      const ticket = await lockTicket(tx, req.params.id as string);
      if (!ticket) throw new NotFoundError('Ticket not found');
      assertEditableBy(ticket, req.currentUser!.id);
      if (ticket.title === title && ticket.priceCents === priceCents) return ticket;
      return changeTicket(tx, ticket, { title, priceCents });
    });
    res.json(ticketView(updated, currency));
  });
  return router;
}
