import request from 'supertest';
import { createLogger, createMetrics, startEventRuntime, type EventRuntime } from '@ticketing/common';
import { eventually, fakeSession, testBusNames } from '@ticketing/common/testing';
import { PaymentWorker } from '../../payments/src/work/payment-worker';
import { loadExpirationConfig } from '../../expiration/src/config';
import { expirationEventHandlers } from '../../expiration/src/events/handlers';
import { ExpirationTimers } from '../../expiration/src/timer/expiration-timers';
import { issueEventTicket } from './event-tickets';
import { suiteEnv } from './service-harness';
import { runOrders, runPayments, runTickets, type RunningOrders, type RunningPayments, type RunningTickets } from './ticket-services';

const HOLD_SECONDS = 2;
const bus = testBusNames('hold');
const env = {
  ...suiteEnv(bus),
  // The Redis npm test chose, when it started one of its own.
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  EXPIRATION_WINDOW_SECONDS: String(HOLD_SECONDS),
  EXPIRATION_QUEUE: `hold-${bus.subjectPrefix}`,
};
let tickets: RunningTickets;
let orders: RunningOrders;
let payments: RunningPayments;
let timers: ExpirationTimers;
let expiration: EventRuntime;

beforeAll(async () => {
  tickets = await runTickets(env);
  orders = await runOrders(env);
  payments = await runPayments(env);
  // The expiration service as its index.ts runs it: timers in Redis, no database, no outbox.
  const config = loadExpirationConfig(env);
  const logger = createLogger({ service: 'expiration', level: 'silent' });
  const registry = createMetrics('expiration').registry;
  timers = ExpirationTimers.open({ redisUrl: config.REDIS_URL, queueName: config.EXPIRATION_QUEUE, logger, registry });
  expiration = await startEventRuntime({ service: 'expiration', config, logger, registry, handlers: expirationEventHandlers(timers), retryDelayMs: 50 });
  timers.startFiring(expiration.bus);
});
afterAll(async () => {
  await timers?.stopFiring();
  for (const closer of expiration?.closers ?? []) await closer.close();
  await timers?.queue.obliterate({ force: true });
  await timers?.close();
  await tickets?.stop();
  await orders?.stop();
  await payments?.stop();
  await bus.cleanUp();
});

const seller = fakeSession(env.JWT_KEY);
const buyer = fakeSession(env.JWT_KEY);

const ticketStatus = async (id: string) => (await request(tickets.app).get(`/api/tickets/${id}`)).body.status as string;
const orderStatus = async (id: string) => (await request(orders.app).get(`/api/orders/${id}`).set('Cookie', buyer.cookie)).body.status as string;

async function heldTicket() {
  const { ticketId } = await issueEventTicket(tickets.app, seller.cookie, { name: 'Hold me', faceValue: 10 });
  const order = await eventually(async () => {
    const res = await request(orders.app).post('/api/orders').set('Cookie', buyer.cookie).send({ ticketId });
    expect(res.status).toBe(201);
    return res;
  });
  await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));
  return { ticketId, orderId: order.body.id as string, expiresAt: new Date(order.body.expiresAt) };
}

describe('the hold across tickets, orders, payments and expiration', () => {
  it('when nobody pays, then the timer has payments close the order at expiresAt, and the ticket is listed again', async () => {
    const { ticketId, orderId, expiresAt } = await heldTicket();

    await eventually(async () => expect(await orderStatus(orderId)).toBe('cancelled'), { timeoutMs: 20_000 });
    const cancelledBy = new Date();
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('listed'));

    expect(cancelledBy.getTime()).toBeGreaterThanOrEqual(expiresAt.getTime());
  });

  it("when the timer is lost from Redis, then payments' sweep still closes the order and releases the ticket", async () => {
    const { ticketId, orderId } = await heldTicket();
    await eventually(async () => expect(await timers.queue.getJob(orderId)).toBeDefined());

    await timers.queue.remove(orderId);
    expect(await timers.queue.getJob(orderId)).toBeUndefined();
    const worker = new PaymentWorker({ deps: payments.deps, logger: payments.logger, graceMs: 1000, intervalMs: 200 });
    worker.start();
    try {
      await eventually(async () => expect(await orderStatus(orderId)).toBe('cancelled'), { timeoutMs: 20_000 });
      await eventually(async () => expect(await ticketStatus(ticketId)).toBe('listed'));
    } finally {
      await worker.stop();
    }
  });
});
