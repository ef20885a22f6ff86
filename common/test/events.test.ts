import { eq, isNull } from 'drizzle-orm';
import { Registry } from 'prom-client';
import {
  Bus,
  OutboxRelay,
  RetryLaterError,
  createLogger,
  decideVersion,
  openDatabase,
  outbox,
  recordEvent,
  startListener,
  type Database,
  type EventHandler,
  type RunningListener,
  type Subject,
  type EventCatalogue,
} from '../src';
import { createTestDatabase, eventually, startTcpProxy, testBusNames, type TestDatabase } from '../src/testing';
import path from 'node:path';
import { uuidFor } from './helpers';

const logger = createLogger({ service: 'events-test', level: 'silent' });
const schema = { outbox };
const names = testBusNames('events');
let testDb: TestDatabase;
let database: Database<typeof schema>;
let bus: Bus;
const listeners: RunningListener[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase('events');
  database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(path.join(__dirname, 'fixtures/outbox-migrations'));
  bus = await Bus.connect({ servers: names.servers, stream: names.stream, subjectPrefix: names.subjectPrefix, name: 'events-test', logger });
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
});
afterAll(async () => {
  await bus.close();
  await names.cleanUp();
  await database.close();
  await testDb.drop();
});

/** A listener that records what it handled, for the assertions. */
function collect<S extends Subject>(subject: S, service: string, behaviour?: (data: EventCatalogue[S]) => Promise<void>) {
  const seen: EventCatalogue[S][] = [];
  const handler: EventHandler<S> = {
    subject,
    async handle(data) {
      await behaviour?.(data);
      seen.push(data);
    },
  };
  return { seen, handler };
}

function listen<S extends Subject>(handler: EventHandler<S>, service: string, extra: { registry?: Registry; maxDeliver?: number } = {}) {
  const listener = startListener(handler, { bus, service, logger, retryDelayMs: 20, maxRetryDelayMs: 100, ...extra });
  listeners.push(listener);
  return listener;
}

const ticket = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, version: 0, title: `t${n}`, price: 1000 + n, userId: uuidFor('seller') });

describe('outbox → relay → bus → listener', () => {
  it('when an event is recorded in a committed transaction, then a listener receives its data', async () => {
    const relay = new OutboxRelay({ database, bus, logger, pollIntervalMs: 50 });
    await relay.start();
    const { seen, handler } = collect('ticket.created', 'svc-commit');
    listen(handler, 'svc-commit');

    await database.db.transaction((tx) => recordEvent(tx, 'ticket.created', ticket(1)));

    await eventually(() => expect(seen).toEqual([ticket(1)]));
    await relay.stop();
    const [row] = await database.db.select().from(outbox).where(eq(outbox.subject, 'ticket.created'));
    expect(row!.publishedAt).toBeInstanceOf(Date);
  });

  it('when the transaction rolls back, then its event is never published', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await recordEvent(tx, 'ticket.updated', { ...ticket(2), orderId: null, sold: false });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    expect(await database.db.$count(outbox, eq(outbox.subject, 'ticket.updated'))).toBe(0);
  });

  it('when the relay publishes an event again after a crash, then the stream drops the duplicate', async () => {
    const relay = new OutboxRelay({ database, bus, logger });
    const { seen, handler } = collect('order.cancelled', 'svc-dup');
    listen(handler, 'svc-dup');
    const envelope = await database.db.transaction((tx) => recordEvent(tx, 'order.cancelled', { id: uuidFor('o-dup'), version: 1, ticket: { id: uuidFor('t') }, reason: 'cancelled' }));
    expect(await relay.publishPending()).toBe(1);

    // As if the process died after publishing but before marking the row sent.
    await database.db.update(outbox).set({ publishedAt: null }).where(eq(outbox.id, envelope.id));
    expect(await relay.publishPending()).toBe(1);

    await eventually(() => expect(seen).toHaveLength(1));
    const info = await bus.jsm.streams.info(names.stream, { subjects_filter: bus.subjectFor('order.cancelled') });
    expect(info.state.subjects?.[bus.subjectFor('order.cancelled')]).toBe(1);
  });

  it('when two replicas share a listener, then each event is handled once in all', async () => {
    const relay = new OutboxRelay({ database, bus, logger });
    const handled: string[] = [];
    const replica = (): EventHandler<'order.completed'> => ({
      subject: 'order.completed',
      handle: async (data) => void handled.push(data.id),
    });
    listen(replica(), 'svc-replicas');
    listen(replica(), 'svc-replicas');

    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 20; i++) await recordEvent(tx, 'order.completed', { id: uuidFor(`o${i}`), version: 2, ticket: { id: uuidFor('t') } });
    });
    await relay.publishPending();

    await eventually(() => expect(handled).toHaveLength(20));
    expect(new Set(handled).size).toBe(20);
  });

  it('when NATS is unreachable, then events stay in the outbox and are published once it is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(names.servers).port) });
    const flakyBus = await Bus.connect({ ...names, servers: proxy.url('nats'), name: 'flaky', logger, publishTimeoutMs: 500 });
    const relay = new OutboxRelay({ database, bus: flakyBus, logger, pollIntervalMs: 50 });
    await relay.start();
    const { seen, handler } = collect('payment.succeeded', 'svc-outage');
    listen(handler, 'svc-outage');
    const payment = { id: uuidFor('p1'), orderId: uuidFor('o1'), stripeId: 'pi_1', amount: 1000 };
    try {
      await proxy.cut();
      await database.db.transaction((tx) => recordEvent(tx, 'payment.succeeded', payment));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(seen).toHaveLength(0);
      expect(await database.db.$count(outbox, isNull(outbox.publishedAt))).toBe(1);

      await proxy.restore();

      await eventually(() => expect(seen).toEqual([payment]), { timeoutMs: 15_000 });
      // The relay marks a row sent only after the server's ack, so a listener can see the event first.
      await eventually(async () => expect(await database.db.$count(outbox, isNull(outbox.publishedAt))).toBe(0));
    } finally {
      await relay.stop();
      await flakyBus.close();
      await proxy.close();
    }
  });
});

describe('listener failures', () => {
  async function lastDeadLetter(subject: Subject) {
    return bus.jsm.streams.getMessage(names.stream, { last_by_subj: bus.deadLetterSubjectFor(subject) });
  }

  it('when a handler keeps failing with the same unexpected error, then the message is parked on the dead-letter subject and later ones still flow', async () => {
    const registry = new Registry();
    const relay = new OutboxRelay({ database, bus, logger });
    const { seen, handler } = collect('expiration.complete', 'svc-poison', async (data) => {
      if (data.orderId === uuidFor('poison')) throw new Error('cannot handle this order');
    });
    listen(handler, 'svc-poison', { registry, maxDeliver: 3 });

    await database.db.transaction(async (tx) => {
      await recordEvent(tx, 'expiration.complete', { orderId: uuidFor('poison') });
      await recordEvent(tx, 'expiration.complete', { orderId: uuidFor('fine-1') });
      await recordEvent(tx, 'expiration.complete', { orderId: uuidFor('fine-2') });
    });
    await relay.publishPending();

    await eventually(() => expect(seen.map((d) => d.orderId)).toEqual([uuidFor('fine-1'), uuidFor('fine-2')]));
    const parked = await eventually(async () => {
      const msg = await lastDeadLetter('expiration.complete');
      expect(msg).not.toBeNull();
      return msg!;
    });
    expect(JSON.parse(parked.string()).data).toEqual({ orderId: uuidFor('poison') });
    expect(parked.header.get('Ticketing-Deliveries')).toBe('3');
    expect(parked.header.get('Ticketing-Reason')).toBe('the same error 3 times: cannot handle this order');
    expect(parked.header.get('Ticketing-Consumer')).toBe('svc-poison-expiration-complete');
    expect(await registry.getSingleMetricAsString('events_dead_lettered_total')).toMatch(/subject="expiration.complete"[^\n]* 1/);
  });

  it('when a message is not JSON, then it is parked at once without reaching the handler', async () => {
    const { seen, handler } = collect('ticket.updated', 'svc-garbage');
    listen(handler, 'svc-garbage');

    await bus.js.publish(bus.subjectFor('ticket.updated'), 'not json at all');

    const parked = await eventually(async () => {
      const msg = await lastDeadLetter('ticket.updated');
      expect(msg?.string()).toBe('not json at all');
      return msg!;
    });
    expect(parked.header.get('Ticketing-Reason')).toBe('payload is not JSON');
    expect(seen).toHaveLength(0);
  });

  it('when a handler asks to retry later, then the event comes back until it can be applied', async () => {
    const relay = new OutboxRelay({ database, bus, logger });
    let ready = false;
    const { seen, handler } = collect('order.created', 'svc-later', async () => {
      if (!ready) throw new RetryLaterError('previous version missing');
    });
    listen(handler, 'svc-later');
    await database.db.transaction((tx) =>
      recordEvent(tx, 'order.created', { id: uuidFor('o'), version: 0, status: 'created', userId: uuidFor('u'), expiresAt: new Date().toISOString(), ticket: { id: uuidFor('t'), price: 1 } }),
    );
    await relay.publishPending();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toHaveLength(0);

    ready = true;

    await eventually(() => expect(seen).toHaveLength(1));
  });
});

describe('decideVersion', () => {
  it.each([
    [undefined, 0, 'apply'],
    [undefined, 1, 'too-new'],
    [0, 1, 'apply'],
    [3, 4, 'apply'],
    [3, 3, 'already-applied'],
    [3, 1, 'already-applied'],
    [3, 5, 'too-new'],
  ] as const)('when the replica holds %s and version %s arrives, then it is %s', (held, incoming, decision) => {
    expect(decideVersion(held, incoming)).toBe(decision);
  });
});
