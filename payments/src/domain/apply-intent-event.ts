import { lockOrder } from '../db/orders';
import { findPaymentByStripeId, findPaymentOfOrder, updatePayment } from '../db/payments';
import type { WebhookEvent, WebhookIntent } from '../gateway/payment-gateway';
import { closeIfDue } from './close-order';
import type { PaymentsDeps } from './deps';
import { runPaymentWork } from './payment-work';
import { completeOrder } from './payout';
import { refundReasonFor, type ChargeOutcome } from './vocabulary';

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
  const { workDue, answered } = await db.transaction(async (tx): Promise<{ workDue?: string; answered?: ChargeOutcome }> => {
    const order = await lockOrder(tx, orderId);
    if (!order) {
      // Every intent of ours was created for an order payments knows; this one belongs to someone
      // else sharing the Stripe account (another environment).
      logger.warn({ intentId: intent.id, orderId }, 'webhook for an order this service does not know; ignored');
      return {};
    }
    // An attempt whose answer was lost has no intent id yet; it is the order's only payment.
    const payment = (await findPaymentByStripeId(tx, intent.id)) ?? (await findPaymentOfOrder(tx, orderId));
    if (!payment || (payment.stripeId !== null && payment.stripeId !== intent.id)) {
      logger.warn({ intentId: intent.id, orderId }, 'webhook for an intent this order does not have; ignored');
      return {};
    }
    switch (type) {
      case 'payment_intent.succeeded': {
        if (['succeeded', 'refunding', 'refunded'].includes(payment.status)) return {};
        if (order.status === 'open') {
          await completeOrder(tx, deps, order, payment, { intentId: intent.id, chargeId: intent.chargeId });
          return { answered: 'succeeded' };
        }
        logger.warn({ orderId, intentId: intent.id, reason: order.closeReason }, 'payment succeeded for an order that was closed; refunding');
        await updatePayment(tx, payment, { status: 'refunding', stripeId: intent.id, refundReason: refundReasonFor(order.closeReason ?? 'cancelled'), workDueAt: deps.now() });
        // Charged all the same: counted as a success, and its refund as a refund.
        return { workDue: payment.id, answered: 'succeeded' };
      }
      case 'payment_intent.payment_failed': {
        // A request still waiting for Stripe's answer records it itself.
        if (payment.status !== 'requires_action' && payment.status !== 'processing') return {};
        const failed = await updatePayment(tx, payment, { status: 'requires_payment_method', stripeId: intent.id });
        return { workDue: await closeIfDue(tx, deps, order, failed), answered: 'failed' };
      }
      case 'payment_intent.canceled':
        if (payment.status === 'canceling') await updatePayment(tx, payment, { status: 'canceled' });
        return {};
    }
  });
  if (answered) deps.onChargeAnswered?.(answered);
  if (workDue) await runPaymentWork(deps, workDue);
}
