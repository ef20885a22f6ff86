import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { ConfigError, redactSecrets, type ConfigOf } from '../config/config';
import type { databaseEnv, serviceEnv, sessionEnv } from '../config/config';
import { openDatabase, type Database, type Db } from '../db/database';
import { isUnavailableError } from '../errors/unavailable';
import type { ReadinessCheck } from '../health/health';
import type { ServiceAppOptions } from '../http/create-service-app';
import type { ServiceMetrics } from '../metrics/metrics';

/** What a service's app.ts is built from; tests pass the same, with their own database. */
export interface ServiceDeps<C, S extends Record<string, unknown>> {
  config: C;
  db: Db<S>;
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  /** Reported on /readyz without gating it. */
  informational?: Record<string, ReadinessCheck>;
}

/** The session settings every service with users derives from its config in the same way. */
export function sessionOptions(
  config: ConfigOf<typeof sessionEnv> & Pick<ConfigOf<typeof serviceEnv>, 'NODE_ENV'>,
): NonNullable<ServiceAppOptions['session']> {
  return {
    jwtKey: config.JWT_KEY,
    secureCookies: config.NODE_ENV === 'production',
    maxAgeSeconds: config.JWT_EXPIRES_IN_SECONDS,
  };
}

const MAX_MIGRATE_RETRY_DELAY_MS = 10_000;

/** A service's database, with a second pool of connections on the same database for its background work. */
export interface ServiceDatabase<S extends Record<string, unknown>> extends Database<S> {
  /**
   * For event handlers and the outbox relay: requests queueing for the request pool do not delay
   * them. The same instance on embedded PGlite, which has one connection whatever is asked.
   */
  background: Database<S>;
}

/**
 * Opens the service's database (PGlite under DATA_DIR/<service> without a URL) and migrates it. A
 * database that is down at start is waited for: the service comes up when it does.
 */
export async function openServiceDatabase<S extends Record<string, unknown>>(options: {
  service: string;
  config: ConfigOf<typeof databaseEnv>;
  schema: S;
  migrationsFolder: string;
  logger: Logger;
}): Promise<ServiceDatabase<S>> {
  const { service, config, schema, migrationsFolder, logger } = options;
  const poolOptions = {
    schema,
    url: config.DATABASE_URL,
    dataDir: path.resolve(config.DATA_DIR, service),
    pgliteTemplateDir: config.PGLITE_TEMPLATE_DIR,
    logger,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  const database = openDatabase({ ...poolOptions, poolSize: config.DATABASE_POOL_SIZE });
  for (let attempt = 1; ; attempt++) {
    try {
      await database.migrate(migrationsFolder);
      break;
    } catch (err) {
      if (!isUnavailableError(err)) throw err;
      const delay = Math.min(MAX_MIGRATE_RETRY_DELAY_MS, 250 * 2 ** attempt);
      logger.warn({ err, attempt, delay }, 'database unavailable at start; waiting for it');
      await sleep(delay);
    }
  }
  logger.info({ driver: database.driver }, 'database ready');
  if (database.driver === 'pglite') return { ...database, background: database };
  const background = openDatabase({ ...poolOptions, poolSize: config.DATABASE_BACKGROUND_POOL_SIZE });
  return {
    ...database,
    background,
    async close() {
      await Promise.all([database.close(), background.close()]);
    },
  };
}

/**
 * Runs a service's start-up and turns a failure into one fatal JSON line on stderr and exit code 1.
 * The logger may not exist yet (the config was bad), so this does not use it.
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    const message = err instanceof ConfigError ? err.message : redactSecrets(String((err as Error)?.stack ?? err), process.env);
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: message })}\n`);
    process.exit(1);
  });
}
