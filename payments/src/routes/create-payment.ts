import { Router } from 'express';
import { body } from 'express-validator';
import { BadRequestError, NotFoundError, PaymentRequiredError, isUuid, requireAuth, validateRequest, type Db } from '@ticketing/common';
import { lockOrder } from '../db/orders';
import { findPaymentOfOrder, insertPayment, recordSucceeded, setPaymentStatus } from '../db/payments';
import type { Payment, PaymentsSchema } from '../db/schema';
import { assertOwnedBy, assertPayable, idempotencyKeys, paymentView } from '../domain/payment';
import type { Intent, PaymentGateway } from '../gateway/payment-gateway';

/** Stripe's PaymentMethod ids and its test aliases (`pm_card_visa`). */
const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_]{1,200}$/;
const isPaymentMethodId = (value: unknown) => typeof value === 'string' && PAYMENT_METHOD_ID.test(value);

type Attempt = { outcome: 'confirmed'; payment: Payment; intent: Intent } | { outcome: 'declined' | 'invalid-payment-method'; message: string };

/**
 * Pays an order with the buyer's payment method: the order's one PaymentIntent is created on the
 * first attempt and confirmed on each. Answers 201 with the payment when the card went through,
 * 202 when it is not settled yet (3-D Secure to finish in the browser, or still processing; the
 * webhook brings the outcome), 402 when the card was declined (the order stays payable).
 */
export function createPaymentRouter(db: Db<PaymentsSchema>, gateway: PaymentGateway, now: () => Date): Router {
  const router = Router();
  router.post(
    '/api/payments',
    requireAuth,
    body('orderId').custom(isUuid).withMessage('orderId must be a valid order id'),
    body('paymentMethodId').custom(isPaymentMethodId).withMessage('paymentMethodId must be a payment method id such as pm_card_visa'),
    validateRequest,
    async (req, res) => {
      const { orderId, paymentMethodId } = req.body as { orderId: string; paymentMethodId: string };
      // The outcome is returned rather than thrown so that a declined attempt still commits what it
      // learnt (the intent and its status) before the 402.
      const attempt = await db.transaction(async (tx): Promise<Attempt> => {
        // Attempts on this order (a double submit, a second tab) wait here for the one before them,
        // and then see its payment: the lock is held while the gateway is asked.
        const order = await lockOrder(tx, orderId);
        if (!order) throw new NotFoundError('Order not found');
        assertOwnedBy(order, req.currentUser!.id);
        const existing = await findPaymentOfOrder(tx, order.id);
        assertPayable(order, existing, now());
        const payment = existing ?? (await insertPayment(tx, order, await gateway.ensureIntent(order, idempotencyKeys.intent(order.id))));
        const result = await gateway.confirm(payment.stripeId, paymentMethodId, idempotencyKeys.confirm(order.id, paymentMethodId));
        switch (result.outcome) {
          case 'invalid-payment-method':
            return result;
          case 'declined':
            await setPaymentStatus(tx, payment, result.intent.status);
            return result;
          case 'confirmed': {
            const { intent } = result;
            const updated = intent.status === 'succeeded' ? await recordSucceeded(tx, payment) : await setPaymentStatus(tx, payment, intent.status);
            return { outcome: 'confirmed', payment: updated, intent };
          }
        }
      });
      switch (attempt.outcome) {
        case 'invalid-payment-method':
          throw new BadRequestError(attempt.message, 'paymentMethodId');
        case 'declined':
          throw new PaymentRequiredError(attempt.message);
        case 'confirmed':
          if (attempt.payment.status === 'succeeded') {
            res.status(201).json(paymentView(attempt.payment));
          } else {
            res.status(202).json({ ...paymentView(attempt.payment), clientSecret: attempt.intent.clientSecret, nextAction: attempt.intent.nextAction });
          }
      }
    },
  );
  return router;
}
