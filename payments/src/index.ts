import { createLogger, createMetrics, openServiceDatabase, runMain, startEventRuntime, startServer } from '@ticketing/common';
import { createPaymentsApp } from './app';
import { loadPaymentsConfig } from './config';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';
import { paymentsEventHandlers } from './events/handlers';
import { createPaymentGateway } from './gateway/create-payment-gateway';

const SERVICE = 'payments';

async function main() {
  const config = loadPaymentsConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });
  const gateway = createPaymentGateway(config, logger);

  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database,
    logger,
    registry: metrics.registry,
    handlers: paymentsEventHandlers(database.db, gateway, logger),
  });
  const app = createPaymentsApp({
    config,
    db: database.db,
    gateway,
    logger,
    metrics,
    readiness: { database: database.ping, bus: () => events.bus.ping() },
  });
  await startServer({
    app,
    port: config.PORT,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [...events.closers, { name: 'database', close: database.close }],
  });
}

runMain(SERVICE, main);
