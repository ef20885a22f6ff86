import { createLogger, createMetrics, openServiceDatabase, runMain, startEventRuntime, startServer } from '@ticketing/common';
import { createTicketsApp } from './app';
import { loadTicketsConfig } from './config';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';
import { ticketsEventHandlers } from './events/handlers';

const SERVICE = 'tickets';

async function main() {
  const config = loadTicketsConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });

  const events = await startEventRuntime({
    service: SERVICE,
    config,
    database,
    logger,
    registry: metrics.registry,
    handlers: ticketsEventHandlers(database.db, logger),
  });
  const app = createTicketsApp({
    config,
    db: database.db,
    logger,
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
    closers: [...events.closers, { name: 'database', close: database.close }],
  });
}

runMain(SERVICE, main);
