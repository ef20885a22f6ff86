import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, isNull, lt } from 'drizzle-orm';
import express from 'express';
import request from 'supertest';
import { Registry } from 'prom-client';
import {
  Bus,
  BusUnavailableError,
  EventRejectedError,
  OutboxRelay,
  createLogger,
  errorHandler,
  healthRouter,
  isUnavailableError,
  openDatabase,
  outbox,
  recordEvent,
  registerConsumerLag,
  startListener,
  type AnyEnvelope,
  type ConsumerLagOptions,
  type Database,
  type EventCatalogue,
  type EventHandler,
  type RunningListener,
  type Subject,
} from '../src';
import { createTestDatabase, eventually, startTcpProxy, testBusNames, type TestDatabase } from '../src/testing';
import { uuidFor } from './helpers';

const logger = createLogger({ service: 'outages-test', level: 'silent' });
const schema = { outbox };
const names = testBusNames('outages');
let testDb: TestDatabase;
let database: Database<typeof schema>;
let bus: Bus;
const listeners: RunningListener[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase('outages');
  database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(path.join(__dirname, 'fixtures/outbox-migrations'));
  bus = await Bus.connect({ servers: names.servers, stream: names.stream, subjectPrefix: names.subjectPrefix, name: 'outages-test', logger });
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
  await database.db.delete(outbox);
});
afterAll(async () => {
  await bus.close();
  await names.cleanUp();
  await database.close();
  await testDb.drop();
});

/** A refused connection as the pg driver reports it, wrapped the way drizzle wraps query errors. */
function databaseDown(): Error {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  return Object.assign(new Error('Failed query: select 1'), { cause: refused });
}

function listen<S extends Subject>(handler: EventHandler<S>, service: string, extra: Partial<Parameters<typeof startListener>[1]> = {}) {
  const listener = startListener(handler, { bus, service, logger, retryDelayMs: 20, maxRetryDelayMs: 100, ...extra });
  listeners.push(listener);
  return listener;
}

async function publish<S extends Subject>(subject: S, data: EventCatalogue[S]) {
  await database.db.transaction((tx) => recordEvent(tx, subject, data));
  await new OutboxRelay({ database, bus, logger }).publishPending();
}

const deadLetterOf = (subject: Subject) => bus.jsm.streams.getMessage(names.stream, { last_by_subj: bus.deadLetterSubjectFor(subject) }).catch(() => null);

describe('which failures are outages', () => {
  it.each([
    ['a refused connection wrapped by drizzle', databaseDown()],
    ['a refused connection to every address of a host', Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {})],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['a broken connection (class 08)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['the pool waiting too long for a connection', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['the bus being down', new BusUnavailableError()],
  ])('when the failure is %s, then it is an outage to wait out', (_case, err) => {
    expect(isUnavailableError(err)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a rule refusing the event', new EventRejectedError('names an unknown ticket')],
  ])('when the failure is %s, then it is not an outage', (_case, err) => {
    expect(isUnavailableError(err)).toBe(false);
  });
});

describe('a listener during an outage', () => {
  it('when the database stays down past the old retry budget, then the event is never parked, the consumer stops pulling, and it applies once the database is back', async () => {
    let down = true;
    let calls = 0;
    const applied: string[] = [];
    const probe = jest.fn(async () => {
      if (down) throw databaseDown();
    });
    listen(
      {
        subject: 'expiration.complete',
        async handle({ orderId }) {
          calls++;
          if (down) throw databaseDown();
          applied.push(orderId);
        },
      },
      'svc-db-down',
      { maxDeliver: 2, probe },
    );
    await publish('expiration.complete', { orderId: uuidFor('o-1') });
    await publish('expiration.complete', { orderId: uuidFor('o-2') });

    // Far more deliveries than maxDeliver would have taken, had every failure counted.
    await eventually(() => expect(probe.mock.calls.length).toBeGreaterThanOrEqual(6), { timeoutMs: 15_000 });
    const callsWhileDown = calls;

    down = false;

    await eventually(() => expect(applied.sort()).toEqual([uuidFor('o-1'), uuidFor('o-2')].sort()), { timeoutMs: 15_000 });
    // While paused it asked the probe, not the handler: one failed delivery per pause at most.
    expect(callsWhileDown).toBeLessThanOrEqual(probe.mock.calls.length + 1);
    expect(await deadLetterOf('expiration.complete')).toBeNull();
  }, 30_000);

  it('when a rule refuses the event, then it is parked after its first delivery with the reason', async () => {
    let calls = 0;
    listen(
      {
        subject: 'order.completed',
        async handle() {
          calls++;
          throw new EventRejectedError('order names a ticket that does not exist');
        },
      },
      'svc-rejects',
    );

    await publish('order.completed', { id: uuidFor('o-rejected'), version: 2, ticket: { id: uuidFor('nowhere') } });

    const parked = await eventually(async () => {
      const msg = await deadLetterOf('order.completed');
      expect(msg).not.toBeNull();
      return msg!;
    });
    expect(parked.header.get('Ticketing-Reason')).toBe('order names a ticket that does not exist');
    expect(parked.header.get('Ticketing-Deliveries')).toBe('1');
    expect(calls).toBe(1);
  });

  it('when a handler hangs, then it is abandoned and the event is handled on a later delivery', async () => {
    let calls = 0;
    const applied: string[] = [];
    listen(
      {
        subject: 'payment.closed',
        async handle({ orderId }) {
          calls++;
          if (calls === 1) await new Promise(() => undefined);
          applied.push(orderId);
        },
      },
      'svc-hangs',
      { handlerTimeoutMs: 300 },
    );

    await publish('payment.closed', { orderId: uuidFor('o-hang'), reason: 'expired' });

    await eventually(() => expect(applied).toEqual([uuidFor('o-hang')]));
    expect(calls).toBe(2);
  });
});

describe('the relay', () => {
  it('when NATS is unreachable, then a publish fails at once instead of waiting out its timeout', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(names.servers).port) });
    const flaky = await Bus.connect({ ...names, servers: proxy.url('nats'), name: 'flaky-publish', logger, publishTimeoutMs: 60_000 });
    try {
      await proxy.cut();
      await eventually(() => expect(flaky.isConnected).toBe(false));

      await expect(flaky.publish({ id: 'e1', subject: 'payment.closed', occurredAt: new Date().toISOString(), data: { orderId: 'o', reason: 'expired' } })).rejects.toBeInstanceOf(
        BusUnavailableError,
      );
    } finally {
      await proxy.restore();
      await flaky.close();
      await proxy.close();
    }
  });

  it('when NATS comes back, then what piled up is published without waiting for the next poll or retry', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(names.servers).port) });
    const flaky = await Bus.connect({ ...names, servers: proxy.url('nats'), name: 'flaky-relay', logger });
    // Neither the poll nor the retry would come round within the test: only the reconnect can wake it.
    const relay = new OutboxRelay({ database, bus: flaky, logger, pollIntervalMs: 120_000, maxRetryDelayMs: 120_000 });
    await relay.start();
    try {
      await proxy.cut();
      await eventually(() => expect(flaky.isConnected).toBe(false));
      await database.db.transaction((tx) => recordEvent(tx, 'payment.closed', { orderId: uuidFor('o-reconnect'), reason: 'cancelled' }));
      await sleep(300);
      expect(await database.db.$count(outbox, isNull(outbox.publishedAt))).toBe(1);

      await proxy.restore();

      await eventually(async () => expect(await database.db.$count(outbox, isNull(outbox.publishedAt))).toBe(0), { timeoutMs: 20_000 });
    } finally {
      await relay.stop();
      await flaky.close();
      await proxy.close();
    }
  }, 30_000);

  it('when one publish is slow, then the rest of its batch is marked sent and it stays pending', async () => {
    const published: string[] = [];
    const slowBus = {
      async publish(envelope: AnyEnvelope) {
        if (envelope.subject === 'payment.closed' && envelope.data.orderId === uuidFor('slow')) await new Promise(() => undefined);
        published.push(envelope.id);
        return { duplicate: false };
      },
    };
    await database.db.transaction(async (tx) => {
      await recordEvent(tx, 'payment.closed', { orderId: uuidFor('slow'), reason: 'expired' });
      for (let i = 0; i < 5; i++) await recordEvent(tx, 'payment.closed', { orderId: uuidFor(`fast-${i}`), reason: 'expired' });
    });
    const relay = new OutboxRelay({ database, bus: slowBus, logger, batchWaitMs: 200 });

    await expect(relay.publishPending()).rejects.toThrow(/not acknowledged/);

    const pending = await database.db.select().from(outbox).where(isNull(outbox.publishedAt));
    expect(pending.map((row) => (row.envelope.data as { orderId: string }).orderId)).toEqual([uuidFor('slow')]);
    expect(published).toHaveLength(5);
  });

  it('when events wait in the outbox, then outbox_pending reports how many', async () => {
    const registry = new Registry();
    const relay = new OutboxRelay({ database, bus, logger, registry });
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await recordEvent(tx, 'payment.closed', { orderId: uuidFor(`backlog-${i}`), reason: 'expired' });
    });

    expect(await registry.getSingleMetricAsString('outbox_pending')).toMatch(/^outbox_pending 3$/m);

    await relay.publishPending();
    expect(await registry.getSingleMetricAsString('outbox_pending')).toMatch(/^outbox_pending 0$/m);
  });

  it('when published rows are older than the retention, then the relay prunes them and keeps the rest', async () => {
    await database.db.transaction(async (tx) => {
      await recordEvent(tx, 'payment.closed', { orderId: uuidFor('old'), reason: 'expired' });
      await recordEvent(tx, 'payment.closed', { orderId: uuidFor('recent'), reason: 'expired' });
      await recordEvent(tx, 'payment.closed', { orderId: uuidFor('unsent'), reason: 'expired' });
    });
    const rows = await database.db.select().from(outbox);
    const idOf = (label: string) => rows.find((row) => (row.envelope.data as { orderId: string }).orderId === uuidFor(label))!.id;
    await database.db.update(outbox).set({ publishedAt: new Date(Date.now() - 3 * 3600_000) }).where(eq(outbox.id, idOf('old')));
    await database.db.update(outbox).set({ publishedAt: new Date() }).where(eq(outbox.id, idOf('recent')));
    const relay = new OutboxRelay({ database, bus: { publish: () => new Promise(() => undefined) }, logger, retentionMs: 3600_000, batchWaitMs: 50 });

    await relay.start();
    await eventually(async () => expect(await database.db.$count(outbox, lt(outbox.publishedAt, new Date(Date.now() - 3600_000)))).toBe(0));
    await relay.stop();

    const left = await database.db.select().from(outbox);
    expect(left.map((row) => (row.envelope.data as { orderId: string }).orderId).sort()).toEqual([uuidFor('recent'), uuidFor('unsent')].sort());
  });
});

describe('consumer lag', () => {
  const pendingOf = async (registry: Registry, consumer: string) =>
    (await registry.getSingleMetric('events_consumer_pending')!.get()).values.find((value) => value.labels.consumer === consumer)?.value;

  it('when events wait for a consumer, then events_consumer_pending reports those not delivered plus those not acknowledged, and 0 once handled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const listener = listen({ subject: 'order.cancel-requested', handle: () => gate }, 'svc-lag');
    const registry = new Registry();
    registerConsumerLag({ bus, registry, durables: [listener.durable] });

    for (let i = 0; i < 3; i++) await publish('order.cancel-requested', { id: uuidFor(`lag-${i}`), version: 1 });

    await eventually(async () => expect(await pendingOf(registry, listener.durable)).toBe(3));
    release();
    await eventually(async () => expect(await pendingOf(registry, listener.durable)).toBe(0));
  });

  it('when JetStream stops answering, then a scrape gives up within its bound and keeps the last value', async () => {
    let answered = false;
    const silentBus = {
      isConnected: true,
      stream: names.stream,
      jsm: {
        consumers: {
          async info() {
            if (answered) return new Promise(() => undefined);
            answered = true;
            return { num_pending: 2, num_ack_pending: 1 };
          },
        },
      },
    } as unknown as ConsumerLagOptions['bus'];
    const registry = new Registry();
    registerConsumerLag({ bus: silentBus, registry, durables: ['svc-silent-order-created'], timeoutMs: 200 });
    expect(await pendingOf(registry, 'svc-silent-order-created')).toBe(3);

    const startedAt = Date.now();
    const metrics = await registry.metrics();

    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(metrics).toMatch(/^events_consumer_pending\{consumer="svc-silent-order-created"\} 3$/m);
  });

  it('when NATS is unreachable, then a scrape answers at once with the last value', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(names.servers).port) });
    const flaky = await Bus.connect({ ...names, servers: proxy.url('nats'), name: 'flaky-lag', logger });
    const listener = listen({ subject: 'order.cancel-requested', handle: async () => undefined }, 'svc-lag-cut');
    const registry = new Registry();
    registerConsumerLag({ bus: flaky, registry, durables: [listener.durable] });
    try {
      await eventually(async () => expect(await pendingOf(registry, listener.durable)).toBe(0));
      await proxy.cut();
      await eventually(() => expect(flaky.isConnected).toBe(false));

      const startedAt = Date.now();
      const pending = await pendingOf(registry, listener.durable);

      expect(Date.now() - startedAt).toBeLessThan(500);
      expect(pending).toBe(0);
    } finally {
      await proxy.restore();
      await flaky.close();
      await proxy.close();
    }
  });
});

describe('availability', () => {
  it('when the bus is down but the database answers, then /readyz is ready and shows the bus failing', async () => {
    const app = express().use(
      healthRouter({
        checks: { database: async () => undefined },
        informational: { bus: async () => Promise.reject(new Error('bus disconnected; reconnecting')) },
        isDraining: () => false,
      }),
    );

    const res = await request(app).get('/readyz');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', bus: 'failing: bus disconnected; reconnecting' } });
  });

  it('when the database is down, then /readyz is unready', async () => {
    const app = express().use(healthRouter({ checks: { database: async () => Promise.reject(databaseDown()) }, informational: {}, isDraining: () => false }));

    const res = await request(app).get('/readyz');

    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unready');
  });

  it('when a request fails because the database is down, then it answers 503 with Retry-After in the common shape, not 500', async () => {
    const app = express();
    app.get('/write', () => {
      throw databaseDown();
    });
    app.use(errorHandler(logger));

    const res = await request(app).get('/write');

    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toEqual({ errors: [{ message: expect.stringMatching(/unavailable/) }] });
  });
});
