import { Router } from 'express';
import { BadRequestError, isUuid } from '@ticketing/common';
import { applyIntentEvent } from '../domain/apply-intent-event';
import type { PaymentsDeps } from '../domain/deps';
import { applyAccountUpdate } from '../domain/payout-account';
import { WebhookSignatureError, type WebhookEvent } from '../gateway/payment-gateway';

/** Stripe's asynchronous outcomes and connected accounts' changes, verified over the exact bytes received, then applied once. */
export function stripeWebhookRouter(deps: PaymentsDeps): Router {
  const router = Router();
  router.post('/api/payments/webhook', async (req, res) => {
    let event: WebhookEvent;
    try {
      event = deps.gateway.parseWebhook(req.rawBody, req.get('stripe-signature'));
    } catch (err) {
      if (err instanceof WebhookSignatureError) throw new BadRequestError(err.message);
      throw err;
    }
    switch (event.type) {
      case 'ignored':
        break;
      case 'account.updated':
        await applyAccountUpdate(deps, event.account);
        break;
      default: {
        const { orderId } = event.intent;
        if (isUuid(orderId)) await applyIntentEvent(deps, event, orderId);
        else deps.logger.info({ intentId: event.intent.id }, 'webhook for a PaymentIntent of no order; ignored');
      }
    }
    res.json({ received: true });
  });
  return router;
}
