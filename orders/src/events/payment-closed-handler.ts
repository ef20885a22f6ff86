import { EventRejectedError, type CancelReason, type Db, type EventHandler, type Logger } from '@ticketing/common';
import { cancelOrder, lockOrder } from '../db/orders';
import type { OrdersSchema } from '../db/schema';

/**
 * Payments closed the order to payment (its hold ran out, or its buyer gave it up): it is cancelled.
 * `onOrderCancelled` is told once the cancellation has committed; a redelivery cancels nothing more.
 */
export function paymentClosedHandler(db: Db<OrdersSchema>, logger: Logger, onOrderCancelled?: (reason: CancelReason) => void): EventHandler<'payment.closed'> {
  return {
    subject: 'payment.closed',
    async handle({ orderId, reason }) {
      const cancelled = await db.transaction(async (tx) => {
        const order = await lockOrder(tx, orderId);
        if (!order) throw new EventRejectedError(`payment.closed for unknown order ${orderId}`);
        if (order.status === 'cancelled') return false;
        if (order.status === 'complete') {
          logger.error({ orderId }, 'payments closed an order already complete; left complete');
          return false;
        }
        await cancelOrder(tx, order, reason);
        return true;
      });
      if (cancelled) onOrderCancelled?.(reason);
    },
  };
}
