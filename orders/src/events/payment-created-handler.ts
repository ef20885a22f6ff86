import type { Db, EventHandler, Logger } from '@ticketing/common';
import { completeOrder, lockOrder } from '../db/orders';
import type { OrdersSchema } from '../db/schema';

/** The order was paid: it is complete and its ticket sold, unless it was cancelled first. */
export function paymentCreatedHandler(db: Db<OrdersSchema>, logger: Logger): EventHandler<'payment.created'> {
  return {
    subject: 'payment.created',
    async handle(payment) {
      await db.transaction(async (tx) => {
        const order = await lockOrder(tx, payment.orderId);
        if (!order) throw new Error(`payment ${payment.id} for unknown order ${payment.orderId}`);
        if (order.status === 'complete') return;
        if (order.status === 'cancelled') {
          // A cancelled order is never completed; payments refunds a charge that succeeded too late.
          logger.warn({ orderId: order.id, paymentId: payment.id }, 'payment for a cancelled order; order left cancelled');
          return;
        }
        await completeOrder(tx, order);
      });
    },
  };
}
