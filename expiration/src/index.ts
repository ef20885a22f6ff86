import { SERVICE, tracingClosers } from './tracing';
import { createLogger, createMetrics, runMain, startEventRuntime, startServer } from '@ticketing/common';
import { createExpirationApp } from './app';
import { loadExpirationConfig } from './config';
import { expirationEventHandlers } from './events/handlers';
import { ExpirationTimers } from './timer/expiration-timers';

async function main() {
  const config = loadExpirationConfig();
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const metrics = createMetrics(SERVICE);
  const timers = ExpirationTimers.open({ redisUrl: config.REDIS_URL, queueName: config.EXPIRATION_QUEUE, logger, registry: metrics.registry });

  // No database: without an outbox to relay, the timers publish on the bus themselves.
  const events = await startEventRuntime({
    service: SERVICE,
    config,
    logger,
    registry: metrics.registry,
    handlers: expirationEventHandlers(timers),
  });
  timers.startFiring(events.bus);
  const app = createExpirationApp({
    config,
    logger,
    metrics,
    informational: { redis: () => timers.ping(), bus: () => events.bus.ping() },
  });
  await startServer({
    app,
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    handleSignals: true,
    closers: [
      // The worker publishes on the bus, so it finishes its running timers before the bus drains;
      // the listeners schedule on the queue, so the queue closes only after they have stopped.
      { name: 'expiration worker', close: () => timers.stopFiring() },
      ...events.closers,
      { name: 'expiration queue', close: () => timers.close() },
      ...tracingClosers,
    ],
  });
}

runMain(SERVICE, main);
