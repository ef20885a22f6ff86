import { Router } from 'express';
import { BadRequestError, isUuid, type Db, type Logger } from '@ticketing/common';
import { lockOrder } from '../db/orders';
import { findPaymentByStripeId, insertPayment, recordSucceeded, refundPayment, setPaymentStatus } from '../db/payments';
import type { Payment, PaymentsSchema } from '../db/schema';
import { closedReason } from '../domain/payment';
import { WebhookSignatureError, type PaymentGateway, type WebhookEvent } from '../gateway/payment-gateway';

type IntentEvent = Exclude<WebhookEvent, { type: 'ignored' }>;

/** A succeeded or refunded payment is final: a later report about it changes nothing. */
const isSettled = (payment: Payment) => payment.status === 'succeeded' || payment.status === 'refunded';

/**
 * Stripe's asynchronous outcomes: a PaymentIntent that succeeded or failed after its request was
 * answered (3-D Secure finished in the browser, a processing payment settled). Stripe redelivers
 * until it gets a 2xx, so every outcome is applied at most once.
 */
export function stripeWebhookRouter(db: Db<PaymentsSchema>, gateway: PaymentGateway, now: () => Date, logger: Logger): Router {
  async function apply({ type, intent }: IntentEvent, orderId: string) {
    await db.transaction(async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (!order) {
        // Every intent of ours was created for an order of the replica; this one belongs to someone
        // else sharing the Stripe account (another environment).
        logger.warn({ intentId: intent.id, orderId }, 'webhook for an order this service does not know; ignored');
        return;
      }
      const known = await findPaymentByStripeId(tx, intent.id);
      if (known && isSettled(known)) return;
      if (type === 'payment_intent.payment_failed') {
        if (known) await setPaymentStatus(tx, known, intent.status);
        return;
      }
      // Unknown here when the request that confirmed it failed after Stripe charged: it is recorded
      // now. (A second intent for one order cannot be recorded: the unique orderId fails loudly.)
      const payment = known ?? (await insertPayment(tx, order, intent));
      const reason = closedReason(order, now());
      if (reason) {
        logger.warn({ orderId, intentId: intent.id, reason }, 'payment succeeded for an order that can no longer take it; refunding');
        await refundPayment(tx, gateway, payment, reason);
      } else {
        await recordSucceeded(tx, payment);
      }
    });
  }

  const router = Router();
  router.post('/api/payments/webhook', async (req, res) => {
    let event: WebhookEvent;
    try {
      event = gateway.parseWebhook(req.rawBody, req.get('stripe-signature'));
    } catch (err) {
      if (err instanceof WebhookSignatureError) throw new BadRequestError(err.message);
      throw err;
    }
    if (event.type !== 'ignored') {
      const { orderId } = event.intent;
      if (isUuid(orderId)) await apply(event, orderId);
      else logger.info({ intentId: event.intent.id }, 'webhook for a PaymentIntent of no order; ignored');
    }
    res.json({ received: true });
  });
  return router;
}
