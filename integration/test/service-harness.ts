import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import {
  createLogger,
  createMetrics,
  openDatabase,
  startEventRuntime,
  type Database,
  type EventHandler,
  type EventRuntime,
  type Logger,
  type ReadinessCheck,
  type ServiceMetrics,
  type Subject,
  type ConfigOf,
  type busEnv,
  type listenerEnv,
} from '@ticketing/common';
import { createTestDatabase, type TestBusNames, type TestDatabase } from '@ticketing/common/testing';

/** What every service's test run shares: the session key and a stream of the test's own. */
export interface SuiteEnv {
  JWT_KEY: string;
  NATS_URL: string;
  NATS_STREAM: string;
  NATS_SUBJECT_PREFIX: string;
  NODE_ENV: string;
}

export function suiteEnv(bus: TestBusNames): SuiteEnv {
  return {
    JWT_KEY: randomBytes(32).toString('hex'),
    NATS_URL: bus.servers,
    NATS_STREAM: bus.stream,
    NATS_SUBJECT_PREFIX: bus.subjectPrefix,
    NODE_ENV: 'test',
  };
}

export interface RunningService<S extends Record<string, unknown> = Record<string, unknown>> {
  app: Express;
  logger: Logger;
  database: Database<S>;
  events: EventRuntime;
  stop(): Promise<void>;
}

/**
 * One service in this process as its index.ts would run it: its own database, migrated, its outbox
 * relay and listeners on the real bus, and its Express app (driven with supertest, no port).
 */
export async function runService<S extends Record<string, unknown>, C extends ConfigOf<typeof busEnv & typeof listenerEnv>>(spec: {
  name: string;
  env: SuiteEnv;
  loadConfig(env: NodeJS.ProcessEnv): C;
  schema: S;
  migrationsFolder: string;
  /** False for a service that only consumes, whose database has no outbox. */
  publishes?: boolean;
  handlers(db: Database<S>['db'], logger: Logger, config: C): EventHandler<Subject>[];
  buildApp(deps: {
    config: C;
    db: Database<S>['db'];
    logger: Logger;
    metrics: ServiceMetrics;
    readiness: Record<string, ReadinessCheck>;
    informational: Record<string, ReadinessCheck>;
  }): Express;
}): Promise<RunningService<S>> {
  const testDb: TestDatabase = await createTestDatabase(spec.name);
  const config = spec.loadConfig({ ...spec.env, DATABASE_URL: testDb.url });
  const logger = createLogger({ service: spec.name, level: 'silent' });
  const metrics = createMetrics(spec.name);
  const database = openDatabase({ schema: spec.schema, url: testDb.url, logger });
  await database.migrate(spec.migrationsFolder);
  const events = await startEventRuntime({
    service: spec.name,
    config,
    database,
    publishes: spec.publishes,
    logger,
    registry: metrics.registry,
    handlers: spec.handlers(database.db, logger, config),
    retryDelayMs: 50,
  });
  return {
    app: spec.buildApp({
      config,
      db: database.db,
      logger,
      metrics,
      readiness: { database: database.ping },
      informational: { bus: () => events.bus.ping() },
    }),
    logger,
    database,
    events,
    async stop() {
      for (const closer of events.closers) await closer.close();
      await database.close();
      await testDb.drop();
    },
  };
}
