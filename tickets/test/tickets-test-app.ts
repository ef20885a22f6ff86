import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Express } from 'express';
import { createListedPages, createLogger, createMetrics, openDatabase, outbox, type Database, type ListedPagesOptions, type ServiceMetrics, type Subject } from '@ticketing/common';
import { createTestDatabase, fakeSession, type TestDatabase } from '@ticketing/common/testing';
import { createTicketsApp } from '../src/app';
import { loadTicketsConfig, type TicketsConfig } from '../src/config';
import { ticketsCounters } from '../src/counters';
import { LISTINGS_CHANGED_CHANNEL } from '../src/db/listings-changed';
import { migrationsFolder } from '../src/db/migrations-folder';
import { schema, type TicketsSchema } from '../src/db/schema';

export interface TicketsTestContext {
  config: TicketsConfig;
  database: Database<TicketsSchema>;
  app: Express;
  /** The app's registry, with the tickets counters on it. */
  metrics: ServiceMetrics;
  /** The app's clock. */
  now(): Date;
  /** A signed-in user of the test's own: their id and the cookie to send. */
  user(email?: string): { user: { id: string; email: string }; cookie: string };
  /** The envelopes recorded in the outbox for `subject`, oldest first. */
  events(subject: Subject): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * `now` is the app's clock: a test that moves it sees events start without waiting. `env` adds
 * settings, such as RESALE_PRICE_CAP_PERCENT, to the configuration. `listedPages` keeps the
 * listings' pages in memory, dropped on the database's announcements, as the service's entry does.
 */
export async function startTicketsTestContext(
  options: { now?: () => Date; env?: NodeJS.ProcessEnv; listedPages?: ListedPagesOptions } = {},
): Promise<TicketsTestContext> {
  const testDb: TestDatabase = await createTestDatabase('tickets');
  const config = loadTicketsConfig({ NODE_ENV: 'test', JWT_KEY: randomBytes(32).toString('hex'), DATABASE_URL: testDb.url, ...options.env });
  const logger = createLogger({ service: 'tickets', level: 'silent' });
  const database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(migrationsFolder);
  const now = options.now ?? (() => new Date());
  const metrics = createMetrics('tickets');
  const listedPages = options.listedPages && createListedPages(options.listedPages);
  const stopListening = listedPages ? await database.listen(LISTINGS_CHANGED_CHANNEL, listedPages.invalidate) : async () => undefined;
  const app = createTicketsApp({ config, db: database.db, logger, metrics, readiness: { database: database.ping }, now, ...ticketsCounters(metrics.registry), listedPages });
  return {
    config,
    database,
    app,
    metrics,
    now,
    user: (email) => fakeSession(config.JWT_KEY, email ? { email } : {}),
    async events(subject) {
      const rows = await database.db.select().from(outbox).where(eq(outbox.subject, subject)).orderBy(outbox.seq);
      return rows.map((row) => row.envelope.data);
    },
    async close() {
      await stopListening();
      await database.close();
      await testDb.drop();
    },
  };
}
