import { currentTraceCarrier, type Db, type EventHandler } from '@ticketing/common';
import { insertOrder } from '../db/orders';
import type { PaymentsSchema } from '../db/schema';

/** A new order can be paid once payments has it; a redelivery finds it there and changes nothing. */
export function orderCreatedHandler(db: Db<PaymentsSchema>): EventHandler<'order.created'> {
  return {
    subject: 'order.created',
    async handle(order) {
      await insertOrder(db, {
        id: order.id,
        userId: order.userId,
        ticketId: order.ticket.id,
        eventId: order.ticket.eventId ?? null,
        priceCents: order.ticket.price,
        // An order.created from before version 2 has no figures: its order was placed with no fee.
        feeCents: order.fee ?? 0,
        totalCents: order.total ?? order.ticket.price,
        sellerId: order.sellerId ?? null,
        status: 'open',
        expiresAt: new Date(order.expiresAt),
        version: order.version,
        traceContext: currentTraceCarrier(),
      });
    },
  };
}
