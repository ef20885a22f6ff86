import { SERVICE, tracingClosers } from './tracing';
import { createLogger, createMetrics, openServiceDatabase, runMain, startEventRuntime, startPeriodicTask, startServer } from '@ticketing/common';
import { createAuthApp } from './app';
import { loadAuthConfig } from './config';
import { migrationsFolder } from './db/migrations-folder';
import { schema } from './db/schema';
import { pruneFinishedAttempts } from './domain/prune-attempts';

/** Counts live 10 to 15 minutes; pruning this often keeps the tables near their live size. */
const PRUNE_INTERVAL_MS = 5 * 60 * 1000;

async function main() {
  const config = loadAuthConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const database = await openServiceDatabase({ service: SERVICE, config, schema, migrationsFolder, logger });

  // Only the outbox relay: auth publishes user.created and consumes nothing.
  const events = await startEventRuntime({ service: SERVICE, config, database: database.background, logger, registry: metrics.registry, handlers: [] });
  const app = createAuthApp({
    config,
    db: database.db,
    logger,
    metrics,
    readiness: { database: database.ping },
    informational: { bus: () => events.bus.ping() },
  });
  const attemptsPruner = startPeriodicTask({
    name: 'throttle-counts pruner',
    intervalMs: PRUNE_INTERVAL_MS,
    logger,
    run: async () => {
      const pruned = await pruneFinishedAttempts(database.background.db, new Date(), {
        signinWindowSeconds: config.SIGNIN_THROTTLE_WINDOW_SECONDS,
        signupWindowSeconds: config.SIGNUP_THROTTLE_WINDOW_SECONDS,
      });
      if (pruned > 0) logger.info({ pruned }, 'pruned throttle counts whose window ended');
    },
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [attemptsPruner, ...events.closers, { name: 'database', close: database.close }, ...tracingClosers],
  });
}

runMain(SERVICE, main);
