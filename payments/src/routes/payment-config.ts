import { Router } from 'express';
import type { PaymentGateway } from '../gateway/payment-gateway';

/** Tells the web app whether real cards are charged (and Stripe.js's key) or the sandbox answers. */
export function paymentConfigRouter(gateway: PaymentGateway): Router {
  const router = Router();
  router.get('/api/payments/config', (_req, res) => {
    res.json({ mode: gateway.mode, publishableKey: gateway.publishableKey });
  });
  return router;
}
