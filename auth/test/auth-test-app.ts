import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { createLogger, createMetrics, openDatabase, type Database } from '@ticketing/common';
import { createTestDatabase, type TestDatabase } from '@ticketing/common/testing';
import { createAuthApp, type AuthAppDeps } from '../src/app';
import { loadAuthConfig, type AuthConfig } from '../src/config';
import { migrationsFolder } from '../src/db/migrations-folder';
import { schema, type AuthSchema } from '../src/db/schema';
import { HashingSlots } from '../src/domain/hashing-slots';
import { PasswordHasher, type DeriveKey } from '../src/domain/password';

export interface AuthTestContext {
  config: AuthConfig;
  database: Database<AuthSchema>;
  /** Builds another app (another "replica") on the same database, optionally with its own clock, delays or hasher. */
  buildApp(options?: Pick<AuthAppDeps, 'now' | 'wait' | 'hasher'> & { env?: NodeJS.ProcessEnv }): Express;
  app: Express;
  close(): Promise<void>;
}

/** A migrated auth database of its own on the real PostgreSQL server, and an app over it. */
export async function startAuthTestContext(env: NodeJS.ProcessEnv = {}): Promise<AuthTestContext> {
  const testDb: TestDatabase = await createTestDatabase('auth');
  const baseEnv = { NODE_ENV: 'test', JWT_KEY: randomBytes(32).toString('hex'), DATABASE_URL: testDb.url, ...env };
  const config = loadAuthConfig(baseEnv);
  const logger = createLogger({ service: 'auth', level: 'silent' });
  const database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(migrationsFolder);
  const buildApp: AuthTestContext['buildApp'] = (options = {}) =>
    createAuthApp({
      config: options.env ? loadAuthConfig({ ...baseEnv, ...options.env }) : config,
      db: database.db,
      logger,
      metrics: createMetrics('auth'),
      readiness: { database: database.ping },
      now: options.now,
      wait: options.wait,
      hasher: options.hasher,
    });
  return {
    config,
    database,
    buildApp,
    app: buildApp(),
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** The `name=value` pairs of a response's Set-Cookie headers, ready to send back as a Cookie header. */
export function cookiesOf(setCookie: string[] | undefined): string {
  return (setCookie ?? []).map((c) => c.split(';')[0]).join('; ');
}

/**
 * A hasher at a fraction of the production cost, for the throttle tests only, which check many
 * passwords and are about counting, not hashing. Password tests use the app's own hasher.
 */
export function cheapHasher(options: { derive?: DeriveKey; signupSlots?: number; slotsReservedForSignins?: number } = {}): PasswordHasher {
  return new PasswordHasher({
    cost: { N: 2 ** 10, r: 8, p: 1 },
    derive: options.derive,
    slots: new HashingSlots({ signupSlots: options.signupSlots ?? 1, slotsReservedForSignins: options.slotsReservedForSignins ?? 1 }),
  });
}
