import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Bus, createLogger, startListener, type AnyEnvelope, type BusUser, type Envelope, type RunningListener, type Subject } from '@ticketing/common';
import { eventually, testBusNames } from '@ticketing/common/testing';
import { findServers, localNatsPasswords, missingServersMessage, startNats, type LocalServer } from '../src/infrastructure';

// A nats-server of the test's own, started as `npm start` starts it: with every user of
// common/src/bus/permissions.ts, each with its permissions, and the passwords kept in its data folder.
const logger = createLogger({ service: 'nats-permissions-test', level: 'silent' });
const names = testBusNames('perm');
let dataDir: string;
let nats: LocalServer;
let passwords: Record<BusUser, string>;
const buses: Bus[] = [];
const listeners: RunningListener[] = [];

function natsServer(): string {
  const { found, missing } = findServers(['nats']);
  if (missing.length > 0) throw new Error(missingServersMessage(missing, 'npm test'));
  return found.nats!;
}

async function connectAs(user: BusUser, password = passwords[user]): Promise<Bus> {
  const bus = await Bus.connect({ servers: nats.url, stream: names.stream, subjectPrefix: names.subjectPrefix, name: `${user}-test`, user, pass: password, logger });
  buses.push(bus);
  return bus;
}

function envelope<S extends Subject>(subject: S, data: Envelope<S>['data']): AnyEnvelope {
  return { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data } as AnyEnvelope;
}

const orderCreated = () =>
  envelope('order.created', {
    id: randomUUID(),
    version: 0,
    status: 'created',
    userId: randomUUID(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ticket: { id: randomUUID(), price: 2000 },
  });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'nats-permissions-'));
  passwords = localNatsPasswords(dataDir);
  nats = await startNats(natsServer(), dataDir, () => {}, { names, passwords });
});

afterAll(async () => {
  for (const listener of listeners) await listener.stop();
  for (const bus of buses) await bus.close();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the NATS users of a local run', () => {
  it('when the passwords are read again, then they are the ones generated first, in a file only its owner may read', () => {
    const file = path.join(dataDir, 'nats-passwords.json');

    expect(localNatsPasswords(dataDir)).toEqual(passwords);
    expect(new Set(Object.values(passwords)).size).toBe(Object.values(passwords).length);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'nats-server.conf')).mode & 0o777).toBe(0o600);
  });

  it("when payments' credentials publish order.completed, then NATS refuses it, and orders' are allowed", async () => {
    const payments = await connectAs('payments');
    const orders = await connectAs('orders');
    const completed = () => envelope('order.completed', { id: randomUUID(), version: 2, ticket: { id: randomUUID() } });

    await expect(payments.publish(completed())).rejects.toThrow(`Permissions Violation for Publish to "${names.subjectPrefix}.order.completed"`);
    await expect(orders.publish(completed())).resolves.toEqual({ duplicate: false });

    const stream = await (await connectAs('operator')).jsm.streams.info(names.stream, { subjects_filter: `${names.subjectPrefix}.order.completed` });
    expect(stream.state.subjects).toEqual({ [`${names.subjectPrefix}.order.completed`]: 1 });
  });

  it("when auth, which consumes nothing, connects through a real Bus, then it publishes user.created, a migrated one once under its derived id, and nobody else's events", async () => {
    const auth = await connectAs('auth');
    const userId = randomUUID();
    const migrated: AnyEnvelope = { id: `user.created:${userId}`, subject: 'user.created', occurredAt: new Date().toISOString(), data: { id: userId, email: 'old@example.com' } };

    await expect(auth.publish(migrated)).resolves.toEqual({ duplicate: false });
    await expect(auth.publish(migrated)).resolves.toEqual({ duplicate: true });
    await expect(auth.publish(orderCreated())).rejects.toThrow(`Permissions Violation for Publish to "${names.subjectPrefix}.order.created"`);

    const stream = await (await connectAs('operator')).jsm.streams.info(names.stream, { subjects_filter: `${names.subjectPrefix}.user.created` });
    expect(stream.state.subjects).toEqual({ [`${names.subjectPrefix}.user.created`]: 1 });
  });

  it('when payments runs through a real Bus, then it keeps the stream, publishes its events, consumes order.created through its durable consumer, again after a restart, and parks what can never succeed', async () => {
    const payments = await connectAs('payments');
    const orders = await connectAs('orders');
    await payments.ensureStream();
    await expect(payments.publish(envelope('payment.succeeded', { id: randomUUID(), orderId: randomUUID(), stripeId: 'pi_test', amount: 2000 }))).resolves.toEqual({
      duplicate: false,
    });

    const handled: string[] = [];
    const listen = (bus: Bus): RunningListener => {
      const listener = startListener({ subject: 'order.created', handle: async (_data, env) => void handled.push(env.id) }, { bus, service: 'payments', logger, retryDelayMs: 50 });
      listeners.push(listener);
      return listener;
    };
    const first = orderCreated();
    await orders.publish(first);
    let listener = listen(payments);
    await eventually(() => expect(handled).toEqual([first.id]));
    await listener.stop();
    // A restart, as a new process: the old connection goes (with any pull it left waiting), and the
    // new listener brings the existing consumer to its configuration (an update).
    await payments.close();
    const restarted = await connectAs('payments');
    const second = orderCreated();
    await orders.publish(second);
    await orders.js.publish(orders.subjectFor('order.created'), 'not an event', { msgID: randomUUID() });
    listener = listen(restarted);
    await eventually(() => expect(handled).toEqual([first.id, second.id]));

    const operator = await connectAs('operator');
    const parked = await eventually(() => operator.jsm.streams.getMessage(names.stream, { last_by_subj: restarted.deadLetterSubjectFor('order.created') }));
    await listener.stop();
    expect(parked?.header.get('Ticketing-Original-Subject')).toBe(restarted.subjectFor('order.created'));
    expect(parked?.string()).toBe('not an event');
    // Both events acknowledged: the acks, which travel after the handler returned, are allowed too.
    await eventually(async () => expect((await operator.jsm.consumers.info(names.stream, 'payments-order-created')).ack_floor.consumer_seq).toBeGreaterThanOrEqual(2));
  });

  it("when payments asks for its consumer with another filter, or for another service's, then NATS refuses both", async () => {
    const payments = await connectAs('payments');

    const everything = { durable_name: 'payments-order-created', filter_subject: `${names.subjectPrefix}.>` };
    await expect(payments.jsm.consumers.add(names.stream, everything)).rejects.toThrow(/Permissions Violation/);
    const orders = { durable_name: 'orders-payment-succeeded', filter_subject: payments.subjectFor('payment.succeeded') };
    await expect(payments.jsm.consumers.add(names.stream, orders)).rejects.toThrow(/Permissions Violation/);
  });

  it('when a user connects with a wrong password, then NATS refuses the connection', async () => {
    await expect(connectAs('payments', 'not-the-password')).rejects.toThrow(/Authorization Violation/);
  });
});
