import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { asc } from 'drizzle-orm';
import {
  createLogger,
  createMetrics,
  openDatabase,
  outbox,
  type AnyEnvelope,
  type Database,
  type Envelope,
  type EventCatalogue,
  type Logger,
  type ServiceMetrics,
  type Subject,
  type TicketCreatedData,
} from '@ticketing/common';
import { createTestDatabase, fakeSession, type TestDatabase } from '@ticketing/common/testing';
import { createOrdersApp } from '../src/app';
import { loadOrdersConfig, type OrdersConfig } from '../src/config';
import { ordersCounters } from '../src/counters';
import { migrationsFolder } from '../src/db/migrations-folder';
import { schema, type OrdersSchema } from '../src/db/schema';
import type { TakenTickets } from '../src/domain/taken-tickets';
import { paymentClosedHandler } from '../src/events/payment-closed-handler';
import { paymentSucceededHandler } from '../src/events/payment-succeeded-handler';
import { ticketCreatedHandler } from '../src/events/ticket-created-handler';

export interface OrdersTestContext {
  config: OrdersConfig;
  database: Database<OrdersSchema>;
  logger: Logger;
  /** The one registry of every app and handler of the context, with the orders counters on it. */
  metrics: ServiceMetrics;
  /** Builds another app (another "replica") on the same database, optionally with its own clock. */
  buildApp(options?: { now?: () => Date; env?: NodeJS.ProcessEnv; taken?: TakenTickets }): Express;
  app: Express;
  /** A signed-in user's session cookie, signed with this context's key. */
  session(userId?: string): { userId: string; cookie: string };
  /**
   * Puts a listed ticket of an event in the replica the way the tickets service's ticket.created
   * would; its event starts in 2099, after every clock the tests set.
   */
  seedTicket(ticket?: Partial<TicketCreatedData>): Promise<TicketCreatedData>;
  /** Puts a ticket listed before events existed in the replica, as its ticket.created carried it: no event, no start, no listing. */
  seedVersion1Ticket(ticket?: Partial<TicketCreatedData>): Promise<TicketCreatedData>;
  /** Payments charged the order (payment.succeeded). */
  paymentSucceeded(orderId: string): Promise<void>;
  /** Payments closed the order to payment (payment.closed). */
  paymentClosed(orderId: string, reason?: 'expired' | 'cancelled'): Promise<void>;
  /** The events recorded so far, oldest first. */
  outboxEvents(): Promise<AnyEnvelope[]>;
  /** The order.* events recorded for one order, oldest first. */
  orderEvents(orderId: string): Promise<AnyEnvelope[]>;
  close(): Promise<void>;
}

/** A migrated orders database of its own on the real PostgreSQL server, and an app over it. */
export async function startOrdersTestContext(env: NodeJS.ProcessEnv = {}): Promise<OrdersTestContext> {
  const testDb: TestDatabase = await createTestDatabase('orders');
  const baseEnv = { NODE_ENV: 'test', JWT_KEY: randomBytes(32).toString('hex'), DATABASE_URL: testDb.url, ...env };
  const config = loadOrdersConfig(baseEnv);
  const logger = createLogger({ service: 'orders', level: 'silent' });
  const database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(migrationsFolder);
  const metrics = createMetrics('orders');
  const counters = ordersCounters(metrics.registry);
  const buildApp: OrdersTestContext['buildApp'] = (options = {}) =>
    createOrdersApp({
      config: options.env ? loadOrdersConfig({ ...baseEnv, ...options.env }) : config,
      db: database.db,
      logger,
      metrics,
      readiness: { database: database.ping },
      now: options.now,
      onOrderPlaced: counters.onOrderPlaced,
      taken: options.taken,
    });
  const seed = async (ticket: Partial<TicketCreatedData>) => {
    const data: TicketCreatedData = { id: randomUUID(), version: 0, title: 'Concert', price: 2000, userId: randomUUID(), ...ticket };
    await ticketCreatedHandler(database.db).handle(data, envelopeOf('ticket.created', data));
    return data;
  };
  const outboxEvents = async () => {
    const rows = await database.db.select().from(outbox).orderBy(asc(outbox.seq));
    return rows.map((row) => row.envelope);
  };
  return {
    config,
    database,
    logger,
    metrics,
    buildApp,
    app: buildApp(),
    session(userId = randomUUID()) {
      return { userId, cookie: fakeSession(config.JWT_KEY, { id: userId }).cookie };
    },
    seedTicket: (ticket = {}) =>
      seed({ eventId: randomUUID(), startsAt: '2099-06-01T19:30:00.000Z', faceValue: 2000, section: null, row: null, seat: null, listed: true, ...ticket }),
    seedVersion1Ticket: (ticket = {}) => seed(ticket),
    async paymentSucceeded(orderId) {
      const payment = { id: `pay_${orderId.slice(0, 8)}`, orderId, stripeId: `pi_${orderId.slice(0, 8)}`, amount: 2000 };
      await paymentSucceededHandler(database.db, logger, counters.onOrderCompleted).handle(payment, envelopeOf('payment.succeeded', payment));
    },
    async paymentClosed(orderId, reason = 'expired') {
      await paymentClosedHandler(database.db, logger, counters.onOrderCancelled).handle({ orderId, reason }, envelopeOf('payment.closed', { orderId, reason }));
    },
    outboxEvents,
    async orderEvents(orderId) {
      const events = await outboxEvents();
      return events.filter((event) => event.subject.startsWith('order.') && (event.data as { id: string }).id === orderId);
    },
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/** The envelope a listener would receive for `data`. */
export function envelopeOf<S extends Subject>(subject: S, data: EventCatalogue[S]): Envelope<S> {
  return { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data };
}
