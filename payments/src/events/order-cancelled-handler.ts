import { RetryLaterError, decideVersion, type Db, type EventHandler, type Logger } from '@ticketing/common';
import { lockOrder, markOrderCancelled } from '../db/orders';
import { findPaymentOfOrder, refundPayment } from '../db/payments';
import type { PaymentsSchema } from '../db/schema';
import type { PaymentGateway } from '../gateway/payment-gateway';

/**
 * The order can no longer be paid. If a charge for it succeeded anyway (the buyer paid while the
 * order was being cancelled, and orders kept it cancelled), the charge is refunded, in the same
 * transaction: a refund that fails leaves the cancellation unapplied, so the redelivery tries both
 * again, with the same idempotency key.
 */
export function orderCancelledHandler(db: Db<PaymentsSchema>, gateway: PaymentGateway, logger: Logger): EventHandler<'order.cancelled'> {
  return {
    subject: 'order.cancelled',
    async handle(cancelled) {
      await db.transaction(async (tx) => {
        const order = await lockOrder(tx, cancelled.id);
        if (!order) throw new RetryLaterError(`order ${cancelled.id} not yet created in the replica`);
        // The replica's version is the last order event applied, not a count of them: payments does
        // not consume order.completed, so a gap before a cancellation is normal. Cancelling is final,
        // and nothing payments keeps (buyer, price, hold) changes in between, so a cancellation of
        // any later version applies at once.
        if (decideVersion(order.version, cancelled.version) === 'already-applied') return;
        await markOrderCancelled(tx, order.id, cancelled.version);
        const payment = await findPaymentOfOrder(tx, order.id);
        if (payment?.status === 'succeeded') {
          logger.warn({ orderId: order.id, paymentId: payment.id }, 'order cancelled after its payment succeeded; refunding');
          await refundPayment(tx, gateway, payment, 'order_cancelled');
        }
      });
    },
  };
}
