import { tracingClosers } from './worker-tracing';
import { createLogger, createMetrics, createServiceApp, openServiceDatabase, runMain, startEventRuntime, startServer } from '@ticketing/common';
import { ordersCounters } from './counters';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';
import { ordersEventHandlers } from './events/handlers';
import { SERVICE, WORKER } from './names';
import { loadOrdersWorkerConfig } from './worker-config';

/**
 * The orders worker: orders' event listeners (the tickets replica, payments closing orders) and an
 * outbox relay, in a process of their own beside the API's (which runs with EVENT_LISTENERS=worker).
 * It is orders on the bus and in the database, sharing its durable consumers and its outbox; it
 * serves only probes and metrics.
 */
async function main() {
  const config = loadOrdersWorkerConfig();
  const logger = createLogger({ service: WORKER, level: config.LOG_LEVEL });
  const metrics = createMetrics(WORKER);
  const counters = ordersCounters(metrics.registry);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });
  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database: database.background,
    logger,
    registry: metrics.registry,
    handlers: ordersEventHandlers(database.background.db, logger, counters),
  });
  const app = createServiceApp({
    logger,
    metrics,
    readiness: { database: database.ping },
    informational: { bus: () => events.bus.ping() },
    trustProxy: config.TRUST_PROXY,
    routes: [],
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [...events.closers, { name: 'database', close: database.close }, ...tracingClosers],
  });
}

runMain(WORKER, main);
