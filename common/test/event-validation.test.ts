import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Registry } from 'prom-client';
import {
  Bus,
  InvalidEventError,
  createLogger,
  openDatabase,
  outbox,
  recordEvent,
  startListener,
  type Database,
  type EventCatalogue,
  type EventHandler,
  type Subject,
} from '../src';
import { createTestDatabase, eventually, testBusNames, type TestBusNames, type TestDatabase } from '../src/testing';

const logger = createLogger({ service: 'event-validation-test', level: 'silent' });

/** A bus on a stream of its own, so each case's listener sees only what that case sent. */
async function isolatedBus(label: string): Promise<{ bus: Bus; names: TestBusNames; close(): Promise<void> }> {
  const names = testBusNames(label);
  const bus = await Bus.connect({ servers: names.servers, stream: names.stream, subjectPrefix: names.subjectPrefix, name: label, logger });
  return {
    bus,
    names,
    async close() {
      await bus.close();
      await names.cleanUp();
    },
  };
}

/** A listener that records every envelope id and payload its handler was given. */
function recordingListener<S extends Subject>(bus: Bus, subject: S, registry: Registry) {
  const handled: { envelopeId: string; data: EventCatalogue[S] }[] = [];
  const handler: EventHandler<S> = {
    subject,
    async handle(data, envelope) {
      handled.push({ envelopeId: envelope.id, data });
    },
  };
  const listener = startListener(handler, { bus, service: 'svc-validation', logger, registry, retryDelayMs: 20, maxRetryDelayMs: 100 });
  return { handled, listener };
}

/** The message parked on the subject's dead-letter subject, once there is one. */
function parkedMessage(bus: Bus, names: TestBusNames, subject: Subject) {
  return eventually(async () => {
    const msg = await bus.jsm.streams.getMessage(names.stream, { last_by_subj: bus.deadLetterSubjectFor(subject) });
    expect(msg).not.toBeNull();
    return msg!;
  });
}

const orderCreatedEnvelope = () => ({
  id: randomUUID(),
  subject: 'order.created',
  occurredAt: '2030-01-01T12:00:00.000Z',
  data: {
    id: randomUUID(),
    version: 0,
    status: 'created',
    userId: randomUUID(),
    expiresAt: '2030-01-01T12:15:00.000Z',
    ticket: { id: randomUUID(), price: 2000 },
  },
});
type RawEnvelope = ReturnType<typeof orderCreatedEnvelope> & Record<string, unknown>;

describe('a consumer receiving an order.created that its schema refuses', () => {
  it.each<[string, (envelope: RawEnvelope) => void, string]>([
    ['a field is missing', (e) => delete (e.data as Partial<RawEnvelope['data']>).userId, 'data.userId: Invalid input: expected string, received undefined'],
    ['the price is a string', (e) => Object.assign(e.data.ticket, { price: '10' }), 'data.ticket.price: Invalid input: expected number, received string'],
    ['the price is not whole cents', (e) => Object.assign(e.data.ticket, { price: 10.5 }), 'data.ticket.price: Invalid input: expected int, received number'],
    ['the version is negative', (e) => Object.assign(e.data, { version: -1 }), 'data.version: Too small: expected number to be >=0'],
    ['the order id is not a UUID', (e) => Object.assign(e.data, { id: 'order-1' }), 'data.id: Invalid UUID'],
    ['the status is unknown', (e) => Object.assign(e.data, { status: 'awaiting:payment' }), 'data.status: Invalid option: expected one of "created"|"cancelled"|"complete"'],
    ['expiresAt is not an instant', (e) => Object.assign(e.data, { expiresAt: '2030-01-01' }), 'data.expiresAt: Invalid ISO datetime'],
    ['occurredAt is not an instant', (e) => Object.assign(e, { occurredAt: 'yesterday' }), 'occurredAt: Invalid ISO datetime'],
    ['the envelope names another subject', (e) => Object.assign(e, { subject: 'ticket.created' }), 'subject: Invalid input: expected "order.created"'],
    ['the envelope has no data', (e) => Object.assign(e, { data: null }), 'data: Invalid input: expected object, received null'],
  ])('when %s, then it is parked after its first delivery naming the field, the handler never sees it, and the next event is handled', async (label, spoil, problem) => {
    const { bus, names, close } = await isolatedBus('validation');
    const registry = new Registry();
    const { handled, listener } = recordingListener(bus, 'order.created', registry);
    try {
      const bad = orderCreatedEnvelope();
      spoil(bad);
      const good = orderCreatedEnvelope();

      // Straight onto the stream, past Bus.publish and its types, as a faulty or foreign publisher would.
      await bus.js.publish(bus.subjectFor('order.created'), JSON.stringify(bad));
      await bus.js.publish(bus.subjectFor('order.created'), JSON.stringify(good));

      await eventually(() => expect(handled.map((h) => h.envelopeId)).toEqual([good.id]));
      const parked = await parkedMessage(bus, names, 'order.created');
      expect(parked.json()).toEqual(bad);
      expect(parked.header.get('Ticketing-Reason')).toBe(`not a valid order.created event: ${problem}`);
      expect(parked.header.get('Ticketing-Deliveries')).toBe('1');
      expect(parked.header.get('Ticketing-Envelope-Id')).toBe(bad.id);
      // Terminated, not left to come back: once the good one's ack lands, nothing is pending, and nothing was redelivered.
      await eventually(async () => expect(await bus.jsm.consumers.info(names.stream, listener.durable)).toMatchObject({ num_ack_pending: 0, num_redelivered: 0 }));
      expect(await registry.getSingleMetricAsString('events_dead_lettered_total')).toMatch(/subject="order.created"[^\n]* 1$/m);
      expect(await registry.getSingleMetricAsString('events_handled_total')).toMatch(/outcome="dead_lettered"[^\n]* 1$/m);
    } finally {
      await listener.stop();
      await close();
    }
  });

  it.each([
    ['not JSON', '{"id": "half an envelope', 'payload is not JSON'],
    ['JSON but not an object', '"order.created"', 'not a valid order.created event: (envelope): Invalid input: expected object, received string'],
  ])('when the payload is %s, then it is parked after its first delivery and the next event is handled', async (_label, payload, reason) => {
    const { bus, names, close } = await isolatedBus('validation');
    const { handled, listener } = recordingListener(bus, 'order.created', new Registry());
    try {
      const good = orderCreatedEnvelope();

      await bus.js.publish(bus.subjectFor('order.created'), payload);
      await bus.js.publish(bus.subjectFor('order.created'), JSON.stringify(good));

      await eventually(() => expect(handled.map((h) => h.envelopeId)).toEqual([good.id]));
      const parked = await parkedMessage(bus, names, 'order.created');
      expect(parked.string()).toBe(payload);
      expect(parked.header.get('Ticketing-Reason')).toBe(reason);
      expect(parked.header.get('Ticketing-Deliveries')).toBe('1');
      await eventually(async () => expect(await bus.jsm.consumers.info(names.stream, listener.durable)).toMatchObject({ num_ack_pending: 0, num_redelivered: 0 }));
    } finally {
      await listener.stop();
      await close();
    }
  });

  it('when a newer publisher adds a field the catalogue does not know, then the event is handled without it', async () => {
    const { bus, close } = await isolatedBus('validation');
    const { handled, listener } = recordingListener(bus, 'order.created', new Registry());
    try {
      const envelope = orderCreatedEnvelope();
      const withExtra = { ...envelope, traceparent: '00-abc-def-01', data: { ...envelope.data, seat: 'A12', ticket: { ...envelope.data.ticket, fee: 150 } } };

      await bus.js.publish(bus.subjectFor('order.created'), JSON.stringify(withExtra));

      await eventually(() => expect(handled).toHaveLength(1));
      expect(handled[0]!.data).toEqual(envelope.data);
    } finally {
      await listener.stop();
      await close();
    }
  });
});

describe('a publisher recording an event its schema refuses', () => {
  const schema = { outbox };
  let testDb: TestDatabase;
  let database: Database<typeof schema>;

  beforeAll(async () => {
    testDb = await createTestDatabase('event_validation');
    database = openDatabase({ schema, url: testDb.url, logger });
    await database.migrate(path.join(__dirname, 'fixtures/outbox-migrations'));
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('when the data breaks the schema, then recordEvent throws naming the fields and its transaction records nothing', async () => {
    const ticketId = randomUUID();
    const recording = database.db.transaction((tx) =>
      recordEvent(tx, 'ticket.created', { id: ticketId, version: 0, title: 'Opera', price: 45.5, userId: 'seller-7' }),
    );

    await expect(recording).rejects.toThrow(InvalidEventError);
    await expect(recording).rejects.toThrow('refusing to publish an invalid ticket.created event: data.price: Invalid input: expected int, received number; data.userId: Invalid UUID');
    expect(await database.db.$count(outbox)).toBe(0);
  });

  it('when the data carries a field the catalogue does not name, then only the catalogue fields are recorded', async () => {
    const data = { id: randomUUID(), version: 0, title: 'Opera', price: 4550, userId: randomUUID() };

    const envelope = await database.db.transaction((tx) => recordEvent(tx, 'ticket.created', { ...data, priceCents: 4550 } as EventCatalogue['ticket.created']));

    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, envelope.id));
    expect(row!.envelope.data).toEqual(data);
  });
});
