import { Router } from 'express';
import { body } from 'express-validator';
import { NotFoundError, isUuid, requireAuth, validateRequest, type Db } from '@ticketing/common';
import type { HoldSettings } from '../app';
import { findActiveOrder, findTicketWithActiveOrder, insertOrder, isActiveOrderConflict, type OrderWithTicket } from '../db/orders';
import type { OrdersSchema } from '../db/schema';
import { lockTicket } from '../db/tickets';
import { assertCanBuy, expiresAtFrom, orderView, ticketTakenError } from '../domain/order';

/** Orders a ticket: the new order holds it for the buyer until it expires, is paid or is cancelled. */
export function createOrderRouter(db: Db<OrdersSchema>, hold: HoldSettings): Router {
  const router = Router();
  router.post(
    '/api/orders',
    requireAuth,
    body('ticketId').custom(isUuid).withMessage('ticketId must be a valid ticket id'),
    validateRequest,
    async (req, res) => {
      const { ticketId } = req.body as { ticketId: string };
      const buyerId = req.currentUser!.id;
      // Most buyers of a sought-after ticket find it taken. Turning them away from a plain read
      // keeps them out of the queue for its lock, which only purchases that may succeed then join.
      const seen = await findTicketWithActiveOrder(db, ticketId);
      if (!seen) throw new NotFoundError('Ticket not found');
      assertCanBuy(seen.ticket, buyerId);
      if (seen.activeOrder) throw ticketTakenError(seen.activeOrder);
      let placed: OrderWithTicket;
      try {
        placed = await db.transaction(async (tx) => {
          // Every purchase of this ticket waits here for the one before it, so the check below sees
          // any order that purchase placed.
          const ticket = await lockTicket(tx, ticketId);
          if (!ticket) throw new NotFoundError('Ticket not found');
          assertCanBuy(ticket, buyerId);
          const activeOrder = await findActiveOrder(tx, ticket.id);
          if (activeOrder) throw ticketTakenError(activeOrder);
          const order = await insertOrder(tx, ticket, { userId: buyerId, expiresAt: expiresAtFrom(hold.now(), hold.windowSeconds) });
          return { order, ticket };
        });
      } catch (err) {
        // The unique index caught an active order the check did not see: answer as the check would.
        if (!isActiveOrderConflict(err)) throw err;
        throw ticketTakenError(await findActiveOrder(db, ticketId));
      }
      res.status(201).json(orderView(placed.order, placed.ticket));
    },
  );
  return router;
}
