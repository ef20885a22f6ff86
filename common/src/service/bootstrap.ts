import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, type ConfigOf } from '../config/config';
import type { databaseEnv, serviceEnv, sessionEnv } from '../config/config';
import { openDatabase, type Database, type Db } from '../db/database';
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

/** Opens the service's database (PGlite under DATA_DIR/<service> without a URL) and migrates it. */
export async function openServiceDatabase<S extends Record<string, unknown>>(options: {
  service: string;
  config: ConfigOf<typeof databaseEnv>;
  schema: S;
  migrationsFolder: string;
  logger: Logger;
}): Promise<Database<S>> {
  const { service, config, schema, migrationsFolder, logger } = options;
  const database = openDatabase({ schema, url: config.DATABASE_URL, dataDir: path.resolve(config.DATA_DIR, service), logger });
  await database.migrate(migrationsFolder);
  logger.info({ driver: database.driver }, 'database ready');
  return database;
}

/**
 * Runs a service's start-up and turns a failure into one fatal JSON line on stderr and exit code 1.
 * The logger may not exist yet (the config was bad), so this does not use it.
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    const message = err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err);
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: message })}\n`);
    process.exit(1);
  });
}
