import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import {
  createLogger,
  createMetrics,
  openDatabase,
  type Database,
  type Envelope,
  type EventCatalogue,
  type EventCreatedData,
  type Logger,
  type OrderCreatedData,
  type ServiceMetrics,
  type Subject,
} from '@ticketing/common';
import { createTestDatabase, fakeSession, type TestDatabase } from '@ticketing/common/testing';
import { createNotificationsApp } from '../src/app';
import { loadNotificationsConfig, type NotificationsConfig } from '../src/config';
import { notificationsCounters } from '../src/counters';
import { migrationsFolder } from '../src/db/migrations-folder';
import { emails, notices, schema, type EmailRow, type NoticeRow, type NotificationsSchema } from '../src/db/schema';
import type { NotificationsDeps } from '../src/domain/deps';
import { notificationsEventHandlers } from '../src/events/handlers';
import { messageIdFor } from '../src/mail/mailer';

/** The envelope a listener would receive for `data`. */
export function envelopeOf<S extends Subject>(subject: S, data: EventCatalogue[S], envelope: { id?: string; occurredAt?: Date } = {}): Envelope<S> {
  return { id: envelope.id ?? randomUUID(), subject, occurredAt: (envelope.occurredAt ?? new Date()).toISOString(), data };
}

/** A sale as the events tell it: a seller and a buyer who signed up, an event, a seated ticket and its order. */
export interface Sale {
  sellerId: string;
  buyerId: string;
  event: EventCreatedData;
  ticketId: string;
  order: OrderCreatedData;
}

export interface NotificationsTestContext {
  config: NotificationsConfig;
  database: Database<NotificationsSchema>;
  logger: Logger;
  app: Express;
  /** The app's registry, with the notifications counters that every `deps()` tells. */
  metrics: ServiceMetrics;
  /** The use cases' dependencies, over this context's database; e-mail is on unless `mail: false`. */
  deps(options?: { now?: () => Date; mail?: boolean }): NotificationsDeps;
  /** Hands `data` to the service's handler of `subject`, as its listener would; resolves to the envelope. */
  deliver<S extends Subject>(subject: S, data: EventCatalogue[S], envelope?: { id?: string; occurredAt?: Date }, deps?: NotificationsDeps): Promise<Envelope<S>>;
  /**
   * Delivers the events that come before an order's notices: two users, an event in Berlin, ticket
   * A-12-7 at 50.00, and an order of it at 50.00 plus a 5.00 fee, held until `expiresAt`.
   */
  seedSale(options?: { expiresAt?: Date; deps?: NotificationsDeps }): Promise<Sale>;
  session(userId?: string): string;
  /** GET /api/notifications as the user with `cookie` (or nobody). */
  list(cookie: string | undefined, query?: Record<string, string>): request.Test;
  /** POST /api/notifications/read as the user with `cookie` (or nobody). */
  markRead(cookie: string | undefined, body: unknown): request.Test;
  noticesOf(recipientId: string): Promise<NoticeRow[]>;
  emailOf(noticeId: string): Promise<EmailRow | undefined>;
  close(): Promise<void>;
}

/** A migrated notifications database of its own on the real PostgreSQL server, and an app over it. */
export async function startNotificationsContext(env: NodeJS.ProcessEnv = {}): Promise<NotificationsTestContext> {
  const testDb: TestDatabase = await createTestDatabase('notifications');
  const config = loadNotificationsConfig({ NODE_ENV: 'test', JWT_KEY: randomBytes(32).toString('hex'), DATABASE_URL: testDb.url, ...env });
  const logger = createLogger({ service: 'notifications', level: 'silent' });
  const database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(migrationsFolder);
  const metrics = createMetrics('notifications');
  const { onNoticeRecorded } = notificationsCounters(metrics.registry);
  const deps: NotificationsTestContext['deps'] = ({ now = () => new Date(), mail = true } = {}) => ({
    db: database.db,
    now,
    currency: config.PAYMENT_CURRENCY,
    mail: mail ? { messageIdOf: messageIdFor('Ticketing <tickets@example.test>') } : undefined,
    logger,
    onNoticeRecorded,
  });
  const app = createNotificationsApp({ config, notifications: deps(), metrics, readiness: { database: database.ping } });

  const deliver: NotificationsTestContext['deliver'] = async (subject, data, envelope, through = deps()) => {
    const handler = notificationsEventHandlers(through).find((candidate) => candidate.subject === subject);
    if (!handler) throw new Error(`notifications does not consume ${subject}`);
    const delivered = envelopeOf(subject, data, envelope);
    await handler.handle(data, delivered);
    return delivered;
  };

  return {
    config,
    database,
    logger,
    app,
    metrics,
    deps,
    deliver,
    async seedSale({ expiresAt = new Date(Date.now() + 15 * 60_000), deps: through } = {}) {
      const sellerId = randomUUID();
      const buyerId = randomUUID();
      await deliver('user.created', { id: sellerId, email: `seller-${sellerId.slice(0, 8)}@example.test` }, undefined, through);
      await deliver('user.created', { id: buyerId, email: `buyer-${buyerId.slice(0, 8)}@example.test` }, undefined, through);
      const event: EventCreatedData = {
        id: randomUUID(),
        version: 0,
        organiserId: sellerId,
        name: 'Berlin Philharmonic',
        venue: 'Philharmonie',
        city: 'Berlin',
        startsAt: '2027-03-14T18:30:00.000Z',
        timeZone: 'Europe/Berlin',
        category: 'concert',
      };
      await deliver('event.created', event, undefined, through);
      const ticketId = randomUUID();
      await deliver(
        'ticket.created',
        { id: ticketId, version: 0, title: event.name, price: 5000, userId: sellerId, eventId: event.id, startsAt: event.startsAt, faceValue: 5000, section: 'A', row: '12', seat: '7', listed: true },
        undefined,
        through,
      );
      const order: OrderCreatedData = {
        id: randomUUID(),
        version: 0,
        status: 'created',
        userId: buyerId,
        expiresAt: expiresAt.toISOString(),
        ticket: { id: ticketId, price: 5000, eventId: event.id },
        fee: 500,
        total: 5500,
        sellerId,
      };
      await deliver('order.created', order, undefined, through);
      return { sellerId, buyerId, event, ticketId, order };
    },
    session(userId = randomUUID()) {
      return fakeSession(config.JWT_KEY, { id: userId }).cookie;
    },
    list(cookie, query = {}) {
      const req = request(app).get('/api/notifications').query(query);
      if (cookie) req.set('Cookie', cookie);
      return req;
    },
    markRead(cookie, body) {
      const req = request(app).post('/api/notifications/read');
      if (cookie) req.set('Cookie', cookie);
      return req.send(body as object);
    },
    noticesOf: (recipientId) => database.db.select().from(notices).where(eq(notices.recipientId, recipientId)),
    emailOf: async (noticeId) => (await database.db.select().from(emails).where(eq(emails.noticeId, noticeId)))[0],
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
