import { SERVICE, tracingClosers } from './tracing';
import { createListedPages, createLogger, createMetrics, openServiceDatabase, runMain, startEventRuntime, startPeriodicTask, startServer } from '@ticketing/common';
import { createTicketsApp } from './app';
import { loadTicketsConfig } from './config';
import { ticketsCounters } from './counters';
import { LISTINGS_CHANGED_CHANNEL } from './db/listings-changed';
import { migrationsFolder } from './db/migrations-folder';
import { pruneReleasedOrders } from './db/released-orders';
import { schema } from './db/schema';
import { ticketsEventHandlers } from './events/handlers';

const PRUNE_INTERVAL_MS = 3600 * 1000;

async function main() {
  const config = loadTicketsConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });

  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database: database.background,
    logger,
    registry: metrics.registry,
    handlers: ticketsEventHandlers(database.background.db, logger),
  });
  const retentionMs = config.RELEASED_ORDER_RETENTION_HOURS * 3600 * 1000;
  const releasedOrdersPruner = startPeriodicTask({
    name: 'released-orders pruner',
    intervalMs: PRUNE_INTERVAL_MS,
    logger,
    run: async () => {
      const pruned = await pruneReleasedOrders(database.background.db, new Date(Date.now() - retentionMs));
      if (pruned > 0) logger.info({ pruned }, 'forgot released orders past their retention');
    },
  });
  const listedPages = createListedPages();
  // Every replica hears every change, whichever replica or event handler made it.
  const stopListening = await database.listen(LISTINGS_CHANGED_CHANNEL, listedPages.invalidate);
  const app = createTicketsApp({
    config,
    db: database.db,
    logger,
    metrics,
    readiness: { database: database.ping },
    informational: { bus: () => events.bus.ping() },
    ...ticketsCounters(metrics.registry),
    listedPages,
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [releasedOrdersPruner, { name: 'listings LISTEN', close: stopListening }, ...events.closers, { name: 'database', close: database.close }, ...tracingClosers],
  });
}

runMain(SERVICE, main);
