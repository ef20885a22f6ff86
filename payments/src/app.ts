import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { PaymentsConfig } from './config';
import type { PaymentsSchema } from './db/schema';
import type { PaymentGateway } from './gateway/payment-gateway';
import { createPaymentRouter } from './routes/create-payment';
import { paymentConfigRouter } from './routes/payment-config';
import { stripeWebhookRouter } from './routes/stripe-webhook';

export interface PaymentsAppDeps extends ServiceDeps<PaymentsConfig, PaymentsSchema> {
  gateway: PaymentGateway;
  /** Injected so hold expiry can be tested without waiting. */
  now?: () => Date;
}

export function createPaymentsApp({ config, db, gateway, logger, metrics, readiness, now = () => new Date() }: PaymentsAppDeps): Express {
  return createServiceApp({
    logger,
    metrics,
    readiness,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [paymentConfigRouter(gateway), createPaymentRouter(db, gateway, now), stripeWebhookRouter(db, gateway, now, logger)],
  });
}
