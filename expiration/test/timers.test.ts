import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Bus, type EventCatalogue } from '@ticketing/common';
import { eventually, startTcpProxy } from '@ticketing/common/testing';
import { orderCreatedHandler } from '../src/events/order-created-handler';
import { startExpirationTestContext, type ExpirationTestContext } from './expiration-test-app';

let ctx: ExpirationTestContext;
beforeAll(async () => {
  ctx = await startExpirationTestContext('timers');
});
afterEach(() => ctx.stopAll());
afterAll(() => ctx.close());

function orderCreated(expiresAt: Date, id = randomUUID()): EventCatalogue['order.created'] {
  return { id, version: 0, status: 'created', userId: randomUUID(), expiresAt: expiresAt.toISOString(), ticket: { id: randomUUID(), price: 2000 } };
}
const inMs = (ms: number) => new Date(Date.now() + ms);
const expiration = (orderId: string) => ({ id: `expiration.complete:${orderId}`, subject: 'expiration.complete', data: { orderId } });

describe('the hold timer', () => {
  it('when order.created arrives with expiresAt ahead, then expiration.complete is published after expiresAt', async () => {
    await ctx.startInstance();
    const order = orderCreated(inMs(1500));

    await ctx.publish('order.created', order);

    const [stored] = await eventually(async () => {
      const found = await ctx.expirations(order.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(stored!.envelope).toMatchObject(expiration(order.id));
    expect(stored!.storedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    expect(Date.parse(stored!.envelope.occurredAt)).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
  });

  it('when expiresAt has already passed, then the timer is due at once and fires', async () => {
    await ctx.startInstance();
    const order = orderCreated(inMs(-60_000));

    await ctx.publish('order.created', order);

    await eventually(async () => expect(await ctx.expirations(order.id)).toHaveLength(1));
    const job = await ctx.queue.getJob(order.id);
    expect(job?.delay).toBe(0);
    expect(await job?.getState()).toBe('completed');
  });

  it('when an order is scheduled, then its job is delayed by the time left on the injected clock', async () => {
    const now = new Date('2030-01-01T12:00:00.000Z');
    const timers = ctx.openTimers({ now: () => now });
    const order = orderCreated(new Date('2030-01-01T12:15:00.000Z'));

    await timers.schedule(order);

    const job = await ctx.queue.getJob(order.id);
    expect(job?.delay).toBe(15 * 60 * 1000);
    expect(job?.data).toEqual({ orderId: order.id, expiresAt: order.expiresAt });
    expect(await job?.getState()).toBe('delayed');
  });

  it('when the same order.created is handled twice, then one timer exists and one expiration.complete is in the stream', async () => {
    const instance = await ctx.startInstance();
    const handler = orderCreatedHandler(instance.timers);
    const order = orderCreated(inMs(1500));
    const envelope = (id: string) => ({ id, subject: 'order.created' as const, occurredAt: new Date().toISOString(), data: order });

    await handler.handle(order, envelope(randomUUID()));
    await handler.handle(order, envelope(randomUUID()));

    const jobs = await ctx.queue.getJobs(['delayed', 'wait', 'active', 'completed']);
    expect(jobs.filter((job) => job.data.orderId === order.id)).toHaveLength(1);
    expect((await instance.metrics.registry.getSingleMetric('expiration_jobs_scheduled_total')!.get()).values[0]?.value).toBe(1);
    await eventually(async () => expect(await ctx.expirations(order.id)).toHaveLength(1));
    await sleep(1000);
    expect(await ctx.expirations(order.id)).toHaveLength(1);
  });

  it('when the order is cancelled before expiry, then its timer is removed and nothing is published', async () => {
    await ctx.startInstance();
    const order = orderCreated(inMs(1500));
    await ctx.publish('order.created', order);
    await eventually(async () => expect(await ctx.queue.getJob(order.id)).toBeDefined());

    await ctx.publish('order.cancelled', { id: order.id, version: 1, ticket: { id: order.ticket.id }, reason: 'cancelled' });

    await eventually(async () => expect(await ctx.queue.getJob(order.id)).toBeUndefined());
    await sleep(Math.max(0, Date.parse(order.expiresAt) - Date.now()) + 1500);
    expect(await ctx.expirations(order.id)).toEqual([]);
  });

  it('when the service stops before the timer is due and a new instance starts, then the timer still fires', async () => {
    const first = await ctx.startInstance();
    const order = orderCreated(inMs(1500));
    await orderCreatedHandler(first.timers).handle(order, { id: randomUUID(), subject: 'order.created', occurredAt: new Date().toISOString(), data: order });

    await first.stop();
    expect(await ctx.expirations(order.id)).toEqual([]);
    expect(await (await ctx.queue.getJob(order.id))?.getState()).toBe('delayed');
    await ctx.startInstance();

    const [stored] = await eventually(async () => {
      const found = await ctx.expirations(order.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(stored!.storedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
  });

  it('when the bus is unreachable at fire time, then the timer is retried and publishes once the bus is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(ctx.names.servers).port) });
    const flakyBus = await Bus.connect({ ...ctx.names, servers: proxy.url('nats'), name: 'expiration-flaky', logger: ctx.logger, publishTimeoutMs: 300 });
    const timers = ctx.openTimers({ retryDelayMs: 100 });
    timers.startFiring(flakyBus);
    const order = orderCreated(inMs(0));
    try {
      await proxy.cut();
      await timers.schedule(order);
      await eventually(async () => expect((await ctx.queue.getJob(order.id))?.attemptsMade).toBeGreaterThanOrEqual(2), { timeoutMs: 15_000 });
      expect(await ctx.expirations(order.id)).toEqual([]);

      await proxy.restore();

      await eventually(async () => expect(await (await ctx.queue.getJob(order.id))?.getState()).toBe('completed'), { timeoutMs: 20_000 });
      expect((await ctx.expirations(order.id)).map((e) => e.envelope)).toEqual([expect.objectContaining(expiration(order.id))]);
    } finally {
      await timers.close();
      await flakyBus.close();
      await proxy.close();
    }
  });
});
