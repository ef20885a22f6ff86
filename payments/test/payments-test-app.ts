import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import Stripe from 'stripe';
import { asc, eq } from 'drizzle-orm';
import {
  createLogger,
  createMetrics,
  feeScheduleOf,
  feesEnv,
  loadConfig,
  openDatabase,
  priceBreakdown,
  outbox,
  type AnyEnvelope,
  type Database,
  type Envelope,
  type EventCatalogue,
  type FeeSchedule,
  type Logger,
  type OrderCreatedData,
  type ServiceMetrics,
  type Subject,
} from '@ticketing/common';
import { createTestDatabase, fakeSession, type TestDatabase } from '@ticketing/common/testing';
import { createPaymentsApp } from '../src/app';
import { loadPaymentsConfig, paymentTimings, type PaymentsConfig } from '../src/config';
import { paymentsCounters } from '../src/counters';
import { migrationsFolder } from '../src/db/migrations-folder';
import { payouts, payments, refunds, schema, type Payment, type PaymentsSchema, type Payout, type Refund } from '../src/db/schema';
import { requestClose } from '../src/domain/close-order';
import type { PaymentsDeps } from '../src/domain/deps';
import { orderCreatedHandler } from '../src/events/order-created-handler';
import { createPaymentGateway } from '../src/gateway/create-payment-gateway';
import type { PaymentGateway } from '../src/gateway/payment-gateway';
import type { PayoutGateway } from '../src/gateway/payout-gateway';
import { FakeStripe } from '@ticketing/common/testing/stripe';

/** The fee schedule orders prices with unless configured otherwise. */
const ORDERS_DEFAULT_FEES = feeScheduleOf(loadConfig(feesEnv, {}));

export interface PaymentsTestContext {
  config: PaymentsConfig;
  database: Database<PaymentsSchema>;
  logger: Logger;
  /** The one registry of every app and deps of the context, with the payments counters on it. */
  metrics: ServiceMetrics;
  /** The gateway the configuration chose: Stripe (at the fake) or the sandbox. */
  gateway: PaymentGateway & PayoutGateway;
  app: Express;
  /** What the use cases run on, with this context's database, gateways, fees and a real clock unless told. */
  deps(options?: DepsOptions): PaymentsDeps;
  /** Builds another app (another "replica") on the same database, with its own clock or gateway. */
  buildApp(options?: DepsOptions): Express;
  /** A signed-in user's session cookie, signed with this context's key. */
  session(userId?: string): { userId: string; cookie: string };
  /**
   * Puts an order in the replica the way the orders service's order.created would: a ticket at
   * `price` with the default fee schedule's fee (10 %: a 20.00 ticket's order totals 22.00).
   */
  seedOrder(order?: Partial<OrderCreatedData> & { price?: number }): Promise<OrderCreatedData>;
  /** The buyer gave the order up (order.cancel-requested), or its hold ran out (expiration.complete). */
  closeOrder(orderId: string, reason?: 'cancelled' | 'expired', now?: () => Date): Promise<void>;
  /** POST /api/payments as the user with `cookie` (or nobody). */
  pay(cookie: string | undefined, body: unknown, app?: Express): request.Test;
  /** POST /api/payments/webhook with the body as Stripe would send it. */
  webhook(payload: string, signature?: string, app?: Express): request.Test;
  paymentOf(orderId: string): Promise<Payment | undefined>;
  refundsOf(orderId: string): Promise<Refund[]>;
  /** The payment.succeeded events recorded for one order. */
  paymentEvents(orderId: string): Promise<AnyEnvelope[]>;
  /** The payment.closed events recorded for one order. */
  closedEvents(orderId: string): Promise<AnyEnvelope[]>;
  outboxEvents(): Promise<AnyEnvelope[]>;
  /** POST /api/payouts/account as the user with `cookie` (or nobody). */
  connectPayouts(cookie: string | undefined, app?: Express): request.Test;
  /** GET /api/payouts as the user with `cookie` (or nobody). */
  listPayouts(cookie: string | undefined, app?: Express): request.Test;
  payoutOf(orderId: string): Promise<Payout | undefined>;
  /** The payout.sent events recorded for one order. */
  payoutSentEvents(orderId: string): Promise<AnyEnvelope[]>;
  close(): Promise<void>;
}

export interface DepsOptions {
  now?: () => Date;
  gateway?: PaymentGateway;
  payoutGateway?: PayoutGateway;
  fees?: FeeSchedule;
}

export interface StripeTestContext extends PaymentsTestContext {
  stripe: FakeStripe;
  webhookSecret: string;
  /** A Stripe-Signature header for `payload`, as Stripe signs it (with this context's secret unless told). */
  sign(payload: string, secret?: string): string;
}

/** The envelope a listener would receive for `data`. */
export function envelopeOf<S extends Subject>(subject: S, data: EventCatalogue[S]): Envelope<S> {
  return { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data };
}

/** A migrated payments database of its own on the real PostgreSQL server, and an app over it. */
async function startContext(env: NodeJS.ProcessEnv, closeAlso: () => Promise<void>): Promise<PaymentsTestContext> {
  const testDb: TestDatabase = await createTestDatabase('payments');
  const config = loadPaymentsConfig({ NODE_ENV: 'test', JWT_KEY: randomBytes(32).toString('hex'), DATABASE_URL: testDb.url, ...env });
  const logger = createLogger({ service: 'payments', level: 'silent' });
  const database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(migrationsFolder);
  const gateway = createPaymentGateway(config, logger);
  const metrics = createMetrics('payments');
  const counters = paymentsCounters(metrics.registry);
  const deps: PaymentsTestContext['deps'] = (options = {}) => ({
    db: database.db,
    gateway: options.gateway ?? gateway,
    payoutGateway: options.payoutGateway ?? gateway,
    fees: options.fees ?? feeScheduleOf(config),
    now: options.now ?? (() => new Date()),
    timings: paymentTimings(config),
    currency: config.PAYMENT_CURRENCY,
    logger,
    ...counters,
  });
  const buildApp: PaymentsTestContext['buildApp'] = (options = {}) =>
    createPaymentsApp({ config, payments: deps(options), metrics, readiness: { database: database.ping } });
  const app = buildApp();
  const outboxEvents = async () => (await database.db.select().from(outbox).orderBy(asc(outbox.seq))).map((row) => row.envelope);
  const paymentOf = async (orderId: string) => (await database.db.select().from(payments).where(eq(payments.orderId, orderId)))[0];
  return {
    config,
    database,
    logger,
    metrics,
    gateway,
    app,
    deps,
    buildApp,
    session(userId = randomUUID()) {
      return { userId, cookie: fakeSession(config.JWT_KEY, { id: userId }).cookie };
    },
    async seedOrder({ price = 2000, ...order } = {}) {
      const { feeCents, totalCents } = priceBreakdown(price, ORDERS_DEFAULT_FEES);
      const data: OrderCreatedData = {
        id: randomUUID(),
        version: 0,
        status: 'created',
        userId: randomUUID(),
        expiresAt: new Date(Date.now() + 15 * 60 * 1000).toISOString(),
        ticket: { id: randomUUID(), price },
        fee: feeCents,
        total: totalCents,
        sellerId: randomUUID(),
        ...order,
      };
      await orderCreatedHandler(database.db).handle(data, envelopeOf('order.created', data));
      return data;
    },
    async closeOrder(orderId, reason = 'cancelled', now) {
      await requestClose(deps({ now }), orderId, reason);
    },
    pay(cookie, body, payApp = app) {
      const req = request(payApp).post('/api/payments');
      if (cookie) req.set('Cookie', cookie);
      return req.send(body as object);
    },
    webhook(payload, signature, webhookApp = app) {
      const req = request(webhookApp).post('/api/payments/webhook').set('Content-Type', 'application/json');
      if (signature !== undefined) req.set('Stripe-Signature', signature);
      return req.send(payload);
    },
    paymentOf,
    async refundsOf(orderId) {
      const rows = await database.db.select({ refund: refunds }).from(refunds).innerJoin(payments, eq(refunds.paymentId, payments.id)).where(eq(payments.orderId, orderId));
      return rows.map((row) => row.refund);
    },
    async paymentEvents(orderId) {
      return (await outboxEvents()).filter((event) => event.subject === 'payment.succeeded' && event.data.orderId === orderId);
    },
    async closedEvents(orderId) {
      return (await outboxEvents()).filter((event) => event.subject === 'payment.closed' && event.data.orderId === orderId);
    },
    outboxEvents,
    connectPayouts(cookie, connectApp = app) {
      const req = request(connectApp).post('/api/payouts/account');
      if (cookie) req.set('Cookie', cookie);
      return req.send();
    },
    listPayouts(cookie, listApp = app) {
      const req = request(listApp).get('/api/payouts');
      if (cookie) req.set('Cookie', cookie);
      return req;
    },
    async payoutOf(orderId) {
      return (await database.db.select().from(payouts).where(eq(payouts.orderId, orderId)))[0];
    },
    async payoutSentEvents(orderId) {
      return (await outboxEvents()).filter((event) => event.subject === 'payout.sent' && event.data.orderId === orderId);
    },
    async close() {
      await database.close();
      await testDb.drop();
      await closeAlso();
    },
  };
}

/** Payments through the real Stripe SDK, pointed at a fake Stripe of this context's own. */
export async function startStripeTestContext(): Promise<StripeTestContext> {
  const stripe = await FakeStripe.start();
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const ctx = await startContext({ ...stripe.env(), STRIPE_PUBLISHABLE_KEY: 'pk_test_fake', STRIPE_WEBHOOK_SECRET: webhookSecret }, () => stripe.close());
  return {
    ...ctx,
    stripe,
    webhookSecret,
    sign: (payload, secret = webhookSecret) => Stripe.webhooks.generateTestHeaderString({ payload, secret }),
  };
}

/** Payments through the sandbox: no Stripe keys at all; `env` adds settings (SELLER_FEE_PERCENT). */
export function startSandboxTestContext(env: NodeJS.ProcessEnv = {}): Promise<PaymentsTestContext> {
  return startContext(env, async () => undefined);
}
