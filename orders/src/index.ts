import { tracingClosers } from './tracing';
import { createLogger, createMetrics, openServiceDatabase, runMain, startEventRuntime, startServer } from '@ticketing/common';
import { createOrdersApp } from './app';
import { loadOrdersConfig } from './config';
import { ordersCounters } from './counters';
import { migrationsFolder } from './db/migrations-folder';
import { PURCHASES_CHANGED_CHANNEL } from './db/purchases-changed';
import { schema } from './db/schema';
import { takenTickets } from './domain/taken-tickets';
import { ordersEventHandlers } from './events/handlers';
import { SERVICE } from './names';

async function main() {
  const config = loadOrdersConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const counters = ordersCounters(metrics.registry);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });

  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database: database.background,
    logger,
    registry: metrics.registry,
    handlers: config.EVENT_LISTENERS === 'in-process' ? ordersEventHandlers(database.background.db, logger, counters) : [],
  });
  const taken = takenTickets();
  // Every replica hears every change, whichever replica or event handler made it.
  const stopListening = await database.listen(PURCHASES_CHANGED_CHANNEL, taken.forget);
  const app = createOrdersApp({
    config,
    db: database.db,
    logger,
    metrics,
    readiness: { database: database.ping },
    informational: { bus: () => events.bus.ping() },
    onOrderPlaced: counters.onOrderPlaced,
    taken,
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [{ name: 'purchases LISTEN', close: stopListening }, ...events.closers, { name: 'database', close: database.close }, ...tracingClosers],
  });
}

runMain(SERVICE, main);
