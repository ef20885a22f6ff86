import type { Db, EventHandler } from '@ticketing/common';
import { cancelOrder, lockOrder } from '../db/orders';
import type { OrdersSchema } from '../db/schema';

/** The hold ran out: an order still unpaid is cancelled and its ticket goes back on sale. */
export function expirationCompleteHandler(db: Db<OrdersSchema>): EventHandler<'expiration.complete'> {
  return {
    subject: 'expiration.complete',
    async handle({ orderId }) {
      await db.transaction(async (tx) => {
        const order = await lockOrder(tx, orderId);
        if (!order) throw new Error(`expiration of unknown order ${orderId}`);
        if (order.status === 'complete' || order.status === 'cancelled') return;
        await cancelOrder(tx, order);
      });
    },
  };
}
