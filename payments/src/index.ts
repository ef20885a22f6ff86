import { SERVICE, tracingClosers } from './tracing';
import { createLogger, createMetrics, feeScheduleOf, openServiceDatabase, runMain, startEventRuntime, startServer } from '@ticketing/common';
import { createPaymentsApp } from './app';
import { loadPaymentsConfig, paymentTimings } from './config';
import { paymentsCounters } from './counters';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';
import type { PaymentsDeps } from './domain/deps';
import { paymentsEventHandlers } from './events/handlers';
import { createPaymentGateway } from './gateway/create-payment-gateway';
import { PaymentWorker } from './work/payment-worker';

async function main() {
  const config = loadPaymentsConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });
  const gateway = createPaymentGateway(config, logger);
  const payments: PaymentsDeps = {
    db: database.db,
    gateway,
    payoutGateway: gateway,
    fees: feeScheduleOf(config),
    now: () => new Date(),
    timings: paymentTimings(config),
    currency: config.PAYMENT_CURRENCY,
    logger,
    ...paymentsCounters(metrics.registry),
  };

  const inBackground: PaymentsDeps = { ...payments, db: database.background.db };

  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database: database.background,
    logger,
    registry: metrics.registry,
    handlers: paymentsEventHandlers(inBackground),
  });
  const worker = new PaymentWorker({ deps: inBackground, logger, graceMs: config.EXPIRATION_GRACE_SECONDS * 1000, intervalMs: config.PAYMENT_WORK_INTERVAL_MS });
  worker.start();
  const app = createPaymentsApp({
    config,
    payments,
    metrics,
    readiness: { database: database.ping },
    informational: { bus: () => events.bus.ping() },
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [{ name: 'payment worker', close: () => worker.stop() }, ...events.closers, { name: 'database', close: database.close }, ...tracingClosers],
  });
}

runMain(SERVICE, main);
