import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createMetrics } from '@ticketing/common';
import { eventually, metricValue, startTcpProxy } from '@ticketing/common/testing';
import { createExpirationApp } from '../src/app';
import { ExpirationTimers } from '../src/timer/expiration-timers';
import { startExpirationTestContext, type ExpirationTestContext } from './expiration-test-app';

let ctx: ExpirationTestContext;
beforeAll(async () => {
  ctx = await startExpirationTestContext('app');
});
afterEach(() => ctx.stopAll());
afterAll(() => ctx.close());

describe('probes and metrics', () => {
  it('when Redis and NATS answer, then /healthz and /readyz report ok for both', async () => {
    const { app } = await ctx.startInstance();

    const health = await request(app).get('/healthz');
    const ready = await request(app).get('/readyz');

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { redis: 'ok', bus: 'ok' } });
  });

  it('when Redis is unreachable, then /readyz names redis failing but stays ready: expiration serves no API to take out of service', async () => {
    const proxy = await startTcpProxy({ host: new URL(ctx.config.REDIS_URL).hostname, port: Number(new URL(ctx.config.REDIS_URL).port || 6379) });
    const metrics = createMetrics('expiration');
    const timers = ExpirationTimers.open({ redisUrl: proxy.url('redis'), queueName: ctx.config.EXPIRATION_QUEUE, logger: ctx.logger, registry: metrics.registry });
    const app = createExpirationApp({ config: ctx.config, logger: ctx.logger, metrics, informational: { redis: () => timers.ping() } });
    try {
      await timers.ping();
      await proxy.cut();

      const ready = await request(app).get('/readyz');
      // Back in reach before closing: ioredis holds the process for two seconds when it closes a
      // connection it has lost.
      await proxy.restore();
      await timers.ping();

      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', checks: { redis: expect.stringMatching(/^failing/) } });
    } finally {
      await timers.close();
      await proxy.close();
    }
  });

  it('when a timer has fired, then /metrics reports it scheduled, fired and how late', async () => {
    const { app } = await ctx.startInstance();
    const orderId = randomUUID();
    await ctx.publish('order.created', {
      id: orderId,
      version: 0,
      status: 'created',
      userId: randomUUID(),
      expiresAt: new Date(Date.now() + 200).toISOString(),
      ticket: { id: randomUUID(), price: 1500 },
    });
    await eventually(async () => expect(await ctx.expirations(orderId)).toHaveLength(1));

    const res = await request(app).get('/metrics');

    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^expiration_jobs_scheduled_total\{service="expiration"\} 1$/m);
    expect(res.text).toMatch(/^expiration_jobs_fired_total\{service="expiration"\} 1$/m);
    expect(res.text).toMatch(/^expiration_lateness_seconds_count\{service="expiration"\} 1$/m);
    expect(res.text).toMatch(/^expiration_lateness_seconds_bucket\{le="\+Inf",service="expiration"\} 1$/m);
  });

  it('when holds are set and one is cancelled, then holds_active counts the timers still to fire, and each consumer has nothing pending once handled', async () => {
    const { app, metrics } = await ctx.startInstance();
    const before = await metricValue(metrics.registry, 'holds_active');
    const orders = [randomUUID(), randomUUID()].map((id) => ({
      id,
      version: 0,
      status: 'created' as const,
      userId: randomUUID(),
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      ticket: { id: randomUUID(), price: 1500 },
    }));
    for (const order of orders) await ctx.publish('order.created', order);
    await eventually(async () => expect(await metricValue(metrics.registry, 'holds_active')).toBe(before + 2));

    await ctx.publish('order.cancelled', { id: orders[0]!.id, version: 1, ticket: { id: orders[0]!.ticket.id }, reason: 'cancelled' });

    // Acknowledged just after the handler returns, so the consumers may still show it pending for a moment.
    await eventually(async () => {
      const res = await request(app).get('/metrics');
      expect(res.text).toMatch(new RegExp(`^holds_active\\{service="expiration"\\} ${before + 1}$`, 'm'));
      expect(res.text).toMatch(/^events_consumer_pending\{consumer="expiration-order-created",service="expiration"\} 0$/m);
      expect(res.text).toMatch(/^events_consumer_pending\{consumer="expiration-order-cancelled",service="expiration"\} 0$/m);
    });
  });

  it('when Redis is unreachable, then a scrape does not wait for it and holds_active keeps the last count', async () => {
    const proxy = await startTcpProxy({ host: new URL(ctx.config.REDIS_URL).hostname, port: Number(new URL(ctx.config.REDIS_URL).port || 6379) });
    const metrics = createMetrics('expiration');
    const timers = ExpirationTimers.open({ redisUrl: proxy.url('redis'), queueName: ctx.config.EXPIRATION_QUEUE, logger: ctx.logger, registry: metrics.registry });
    const app = createExpirationApp({ config: ctx.config, logger: ctx.logger, metrics, informational: { redis: () => timers.ping() } });
    try {
      await timers.schedule({ id: randomUUID(), expiresAt: new Date(Date.now() + 10 * 60_000).toISOString() });
      const counted = await metricValue(metrics.registry, 'holds_active');
      expect(counted).toBeGreaterThan(0);
      await proxy.cut();

      const startedAt = Date.now();
      const res = await request(app).get('/metrics');
      const tookMs = Date.now() - startedAt;
      await proxy.restore();
      await timers.ping();

      expect(res.status).toBe(200);
      expect(tookMs).toBeLessThan(4_000);
      expect(res.text).toMatch(new RegExp(`^holds_active\\{service="expiration"\\} ${counted}$`, 'm'));
    } finally {
      await timers.close();
      await proxy.close();
    }
  });
});
