import { EventRejectedError, type Db, type EventHandler, type Logger } from '@ticketing/common';
import { completeOrder, lockOrder } from '../db/orders';
import type { OrdersSchema } from '../db/schema';

/**
 * Payments charged the order: it is complete and its ticket sold. `onOrderCompleted` is told once
 * the completion has committed; a redelivery completes nothing more.
 */
export function paymentSucceededHandler(db: Db<OrdersSchema>, logger: Logger, onOrderCompleted?: () => void): EventHandler<'payment.succeeded'> {
  return {
    subject: 'payment.succeeded',
    async handle(payment) {
      const completed = await db.transaction(async (tx) => {
        const order = await lockOrder(tx, payment.orderId);
        if (!order) throw new EventRejectedError(`payment ${payment.id} for unknown order ${payment.orderId}`);
        if (order.status === 'complete') return false;
        if (order.status === 'cancelled') {
          // Payments decides charge or close under one lock, so this cannot happen; if it ever does,
          // the order stays as it is and an operator is told.
          logger.error({ orderId: order.id, paymentId: payment.id }, 'payment succeeded for an order already cancelled; left cancelled');
          return false;
        }
        await completeOrder(tx, order);
        return true;
      });
      if (completed) onOrderCompleted?.();
    },
  };
}
