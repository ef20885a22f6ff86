import { Router } from 'express';
import { body } from 'express-validator';
import { isUuid, requireAuth, validateRequest } from '@ticketing/common';
import { orderView } from '../domain/order';
import { placeOrder, type PlaceOrderDeps } from '../domain/place-order';

/** Orders a ticket: 201 with the order holding it, its price, fee and total, and when the hold ends. */
export function createOrderRouter(deps: PlaceOrderDeps): Router {
  const router = Router();
  router.post(
    '/api/orders',
    requireAuth,
    body('ticketId').custom(isUuid).withMessage('ticketId must be a valid ticket id'),
    validateRequest,
    async (req, res) => {
      const { order, ticket } = await placeOrder(deps, req.currentUser!.id, (req.body as { ticketId: string }).ticketId);
      res.status(201).json(orderView(order, ticket, deps.pricing.currency));
    },
  );
  return router;
}
