import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ReadinessCheck, type ServiceMetrics } from '@ticketing/common';
import type { PaymentsConfig } from './config';
import type { PaymentsDeps } from './domain/deps';
import { createPaymentRouter } from './routes/create-payment';
import { paymentConfigRouter } from './routes/payment-config';
import { payoutsRouter } from './routes/payouts';
import { stripeWebhookRouter } from './routes/stripe-webhook';

export interface PaymentsAppDeps {
  config: PaymentsConfig;
  payments: PaymentsDeps;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  informational?: Record<string, ReadinessCheck>;
}

export function createPaymentsApp({ config, payments, metrics, readiness, informational }: PaymentsAppDeps): Express {
  return createServiceApp({
    logger: payments.logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [paymentConfigRouter(payments.gateway), createPaymentRouter(payments), stripeWebhookRouter(payments), payoutsRouter(payments, config.PUBLIC_URL)],
  });
}
