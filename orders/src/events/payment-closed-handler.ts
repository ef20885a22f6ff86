import { EventRejectedError, type Db, type EventHandler, type Logger } from '@ticketing/common';
import { cancelOrder, lockOrder } from '../db/orders';
import type { OrdersSchema } from '../db/schema';

/** Payments closed the order to payment (its hold ran out, or its buyer gave it up): it is cancelled. */
export function paymentClosedHandler(db: Db<OrdersSchema>, logger: Logger): EventHandler<'payment.closed'> {
  return {
    subject: 'payment.closed',
    async handle({ orderId, reason }) {
      await db.transaction(async (tx) => {
        const order = await lockOrder(tx, orderId);
        if (!order) throw new EventRejectedError(`payment.closed for unknown order ${orderId}`);
        if (order.status === 'cancelled') return;
        if (order.status === 'complete') {
          logger.error({ orderId }, 'payments closed an order already complete; left complete');
          return;
        }
        await cancelOrder(tx, order, reason);
      });
    },
  };
}
