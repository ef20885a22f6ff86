import { createLogger, createMetrics, openServiceDatabase, runMain, startServer } from '@ticketing/common';
import { createAuthApp } from './app';
import { loadAuthConfig } from './config';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';

const SERVICE = 'auth';

async function main() {
  const config = loadAuthConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });

  const app = createAuthApp({
    config,
    db: database.db,
    logger,
    metrics: createMetrics(SERVICE),
    readiness: { database: database.ping },
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [{ name: 'database', close: database.close }],
  });
}

runMain(SERVICE, main);
