import path from 'node:path';
import {
  Bus,
  EventRejectedError,
  OutboxRelay,
  RetryLaterError,
  createLogger,
  decideVersion,
  openDatabase,
  outbox,
  recordEvent,
  replayParkedEvents,
  startListener,
  type Database,
  type RunningListener,
  type TicketUpdatedData,
} from '../src';
import { createTestDatabase, eventually, testBusNames, type TestDatabase } from '../src/testing';
import { uuidFor } from './helpers';

const logger = createLogger({ service: 'replay-test', level: 'silent' });
const schema = { outbox };
const names = testBusNames('replay');
let testDb: TestDatabase;
let database: Database<typeof schema>;
let bus: Bus;
const listeners: RunningListener[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase('replay');
  database = openDatabase({ schema, url: testDb.url, logger });
  await database.migrate(path.join(__dirname, 'fixtures/outbox-migrations'));
  bus = await Bus.connect({ servers: names.servers, stream: names.stream, subjectPrefix: names.subjectPrefix, name: 'replay-test', logger });
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

const ticketId = '00000000-0000-4000-8000-000000000001';
const update = (version: number): TicketUpdatedData => ({ id: ticketId, version, title: `v${version}`, price: 1000, userId: uuidFor('seller'), orderId: null, sold: false });
const parkedCount = async () => {
  const info = await bus.jsm.streams.info(names.stream, { subjects_filter: bus.deadLetterSubjectFor('ticket.updated') });
  return info.state.subjects?.[bus.deadLetterSubjectFor('ticket.updated')] ?? 0;
};

describe('npm run events:replay', () => {
  it('when a parked event is replayed after its cause is fixed, then it applies, and the later versions held behind it apply by themselves', async () => {
    // A versioned replica whose handler has a bug for one version: it refuses v1, so v1 is parked
    // and v2 waits for it.
    let held = 0;
    let bugFixed = false;
    listeners.push(
      startListener(
        {
          subject: 'ticket.updated',
          async handle(ticket) {
            if (ticket.version === 1 && !bugFixed) throw new EventRejectedError('the replica cannot read this title');
            const decision = decideVersion(held, ticket.version);
            if (decision === 'too-new') throw new RetryLaterError(`holds ${held}, got ${ticket.version}`);
            if (decision === 'apply') held = ticket.version;
          },
        },
        { bus, service: 'svc-replay', logger, retryDelayMs: 20, maxRetryDelayMs: 100 },
      ),
    );
    await database.db.transaction(async (tx) => {
      await recordEvent(tx, 'ticket.updated', update(1));
      await recordEvent(tx, 'ticket.updated', update(2));
    });
    await new OutboxRelay({ database, bus, logger }).publishPending();
    await eventually(async () => expect(await parkedCount()).toBe(1));
    expect(held).toBe(0);

    bugFixed = true;
    const replayed = await replayParkedEvents(bus, 'ticket.updated');

    expect(replayed).toEqual([{ envelopeId: expect.any(String), consumer: 'svc-replay-ticket-updated', reason: 'the replica cannot read this title' }]);
    await eventually(() => expect(held).toBe(2), { timeoutMs: 15_000 });
    expect(await parkedCount()).toBe(0);
  });

  it('when one envelope id is named, then only that parked event is replayed', async () => {
    const seen: string[] = [];
    let fixed = false;
    listeners.push(
      startListener(
        {
          subject: 'ticket.created',
          async handle(ticket) {
            if (!fixed) throw new EventRejectedError('free tickets are refused');
            seen.push(ticket.id);
          },
        },
        { bus, service: 'svc-replay-one', logger, retryDelayMs: 20 },
      ),
    );
    const recorded = await database.db.transaction(async (tx) => [
      await recordEvent(tx, 'ticket.created', { id: uuidFor('a'), version: 0, title: 'a', price: 0, userId: uuidFor('seller') }),
      await recordEvent(tx, 'ticket.created', { id: uuidFor('b'), version: 0, title: 'b', price: 0, userId: uuidFor('seller') }),
    ]);
    await new OutboxRelay({ database, bus, logger }).publishPending();
    const parkedOf = async () => (await bus.jsm.streams.info(names.stream, { subjects_filter: bus.deadLetterSubjectFor('ticket.created') })).state.subjects?.[bus.deadLetterSubjectFor('ticket.created')] ?? 0;
    await eventually(async () => expect(await parkedOf()).toBe(2));

    fixed = true;
    const replayed = await replayParkedEvents(bus, 'ticket.created', recorded[1]!.id);

    expect(replayed.map((event) => event.envelopeId)).toEqual([recorded[1]!.id]);
    await eventually(() => expect(seen).toEqual([uuidFor('b')]));
    expect(await parkedOf()).toBe(1);
  });
});
