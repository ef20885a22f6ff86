import type { Logger } from '@ticketing/common';
import type { PaymentsConfig } from '../config';
import type { PaymentGateway } from './payment-gateway';
import type { PayoutGateway } from './payout-gateway';
import { SandboxGateway } from './sandbox-gateway';
import { StripeGateway } from './stripe-gateway';

/**
 * Stripe when a secret key is configured, else the sandbox; says which at start so nobody is
 * surprised. The same one charges buyers and pays sellers, so both are real or both are not.
 */
export function createPaymentGateway(config: PaymentsConfig, logger: Logger): PaymentGateway & PayoutGateway {
  if (!config.STRIPE_SECRET_KEY) {
    logger.warn('STRIPE_SECRET_KEY is not set: payments use the sandbox, which charges nothing');
    return new SandboxGateway(config.PAYMENT_CURRENCY);
  }
  if (!config.STRIPE_WEBHOOK_SECRET) {
    logger.warn('STRIPE_WEBHOOK_SECRET is not set: every Stripe webhook is refused, so payments needing 3-D Secure never complete');
  }
  return new StripeGateway({
    secretKey: config.STRIPE_SECRET_KEY,
    publishableKey: config.STRIPE_PUBLISHABLE_KEY,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    currency: config.PAYMENT_CURRENCY,
    host: config.STRIPE_API_HOST,
    port: config.STRIPE_API_PORT,
    protocol: config.STRIPE_API_PROTOCOL,
    logger,
  });
}
