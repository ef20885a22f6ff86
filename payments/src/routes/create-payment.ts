import { Router } from 'express';
import { body } from 'express-validator';
import { BadRequestError, PaymentRequiredError, isUuid, requireAuth, validateRequest } from '@ticketing/common';
import { chargeOrder } from '../domain/charge-order';
import type { PaymentsDeps } from '../domain/deps';
import { paymentView } from '../domain/payment';

/** Stripe's PaymentMethod ids and its test aliases (`pm_card_visa`). */
const PAYMENT_METHOD_ID = /^pm_[A-Za-z0-9_]{1,200}$/;
const isPaymentMethodId = (value: unknown) => typeof value === 'string' && PAYMENT_METHOD_ID.test(value);

/**
 * Pays an order with the buyer's payment method. Answers 201 with the payment when the card went
 * through, 202 when it is not settled yet (3-D Secure to finish in the browser, or still processing;
 * the webhook brings the outcome), 402 when the card was declined (the order stays payable).
 */
export function createPaymentRouter(deps: PaymentsDeps): Router {
  const router = Router();
  router.post(
    '/api/payments',
    requireAuth,
    body('orderId').custom(isUuid).withMessage('orderId must be a valid order id'),
    body('paymentMethodId').custom(isPaymentMethodId).withMessage('paymentMethodId must be a payment method id such as pm_card_visa'),
    validateRequest,
    async (req, res) => {
      const { orderId, paymentMethodId } = req.body as { orderId: string; paymentMethodId: string };
      const result = await chargeOrder(deps, { buyerId: req.currentUser!.id, orderId, paymentMethodId });
      switch (result.outcome) {
        case 'invalid-payment-method':
          throw new BadRequestError(result.message, 'paymentMethodId');
        case 'declined':
          throw new PaymentRequiredError(result.message);
        case 'succeeded':
          res.status(201).json(paymentView(result.payment));
          return;
        case 'pending':
          res.status(202).json({ ...paymentView(result.payment), clientSecret: result.clientSecret, nextAction: result.nextAction });
      }
    },
  );
  return router;
}
