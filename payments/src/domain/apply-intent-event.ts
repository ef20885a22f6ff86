import { lockOrder } from '../db/orders';
import { findPaymentByStripeId, findPaymentOfOrder, updatePayment } from '../db/payments';
import type { WebhookEvent, WebhookIntent } from '../gateway/payment-gateway';
import { closeIfDue } from './close-order';
import type { PaymentsDeps } from './deps';
import { runPaymentWork } from './payment-work';
import { completeOrder } from './payout';
import { refundReasonFor } from './vocabulary';

export type IntentEvent = Extract<WebhookEvent, { intent: WebhookIntent }>;

/**
 * Applies what Stripe reports about an intent after its request was answered: 3-D Secure finished
 * or failed in the browser, a processing payment settled, an intent cancelled. A success completes
 * an open order (its charge started inside the hold), and is given back if the order closed; a
 * failure frees the order, or closes it if its time is up. Stripe redelivers until it gets a 2xx, so
 * each report is applied at most once in effect.
 */
export async function applyIntentEvent(deps: PaymentsDeps, { type, intent }: IntentEvent, orderId: string): Promise<void> {
  const { db, logger } = deps;
  const workDue = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order) {
      // Every intent of ours was created for an order payments knows; this one belongs to someone
      // else sharing the Stripe account (another environment).
      logger.warn({ intentId: intent.id, orderId }, 'webhook for an order this service does not know; ignored');
      return undefined;
    }
    // An attempt whose answer was lost has no intent id yet; it is the order's only payment.
    const payment = (await findPaymentByStripeId(tx, intent.id)) ?? (await findPaymentOfOrder(tx, orderId));
    if (!payment || (payment.stripeId !== null && payment.stripeId !== intent.id)) {
      logger.warn({ intentId: intent.id, orderId }, 'webhook for an intent this order does not have; ignored');
      return undefined;
    }
    switch (type) {
      case 'payment_intent.succeeded': {
        if (['succeeded', 'refunding', 'refunded'].includes(payment.status)) return undefined;
        if (order.status === 'open') {
          await completeOrder(tx, deps, order, payment, { intentId: intent.id, chargeId: intent.chargeId });
          return undefined;
        }
        logger.warn({ orderId, intentId: intent.id, reason: order.closeReason }, 'payment succeeded for an order that was closed; refunding');
        await updatePayment(tx, payment, { status: 'refunding', stripeId: intent.id, refundReason: refundReasonFor(order.closeReason ?? 'cancelled'), workDueAt: deps.now() });
        return payment.id;
      }
      case 'payment_intent.payment_failed': {
        // A request still waiting for Stripe's answer records it itself.
        if (payment.status !== 'requires_action' && payment.status !== 'processing') return undefined;
        const failed = await updatePayment(tx, payment, { status: 'requires_payment_method', stripeId: intent.id });
        return closeIfDue(tx, deps, order, failed);
      }
      case 'payment_intent.canceled':
        if (payment.status === 'canceling') await updatePayment(tx, payment, { status: 'canceled' });
        return undefined;
    }
  });
  if (workDue) await runPaymentWork(deps, workDue);
}
