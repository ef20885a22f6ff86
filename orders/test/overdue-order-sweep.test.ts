import request from 'supertest';
import { eq } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { eventually } from '@ticketing/common/testing';
import { orders } from '../src/db/schema';
import { paymentCreatedHandler } from '../src/events/payment-created-handler';
import { OverdueOrderSweeper } from '../src/sweep/overdue-order-sweeper';
import { envelopeOf, startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

const WINDOW_SECONDS = 60;
const GRACE_SECONDS = 3;

let ctx: OrdersTestContext;
let clock: Date;
beforeAll(async () => {
  ctx = await startOrdersTestContext({ EXPIRATION_WINDOW_SECONDS: String(WINDOW_SECONDS) });
});
beforeEach(async () => {
  clock = new Date('2030-01-01T10:00:00Z');
  // Each test sweeps only its own orders.
  await ctx.database.db.update(orders).set({ status: 'cancelled' }).where(eq(orders.status, 'created'));
});
afterAll(() => ctx.close());

const sweeper = (registry?: Registry) =>
  new OverdueOrderSweeper({ db: ctx.database.db, logger: ctx.logger, registry, graceSeconds: GRACE_SECONDS, intervalMs: 50, now: () => clock });

async function orderPlacedAt(at: Date) {
  const app = ctx.buildApp({ now: () => at });
  const ticket = await ctx.seedTicket();
  const res = await request(app).post('/api/orders').set('Cookie', ctx.session().cookie).send({ ticketId: ticket.id });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const statusOf = async (id: string) => (await ctx.database.db.select().from(orders).where(eq(orders.id, id)))[0]!.status;
const secondsAfterExpiry = (placedAt: Date, seconds: number) => new Date(placedAt.getTime() + (WINDOW_SECONDS + seconds) * 1000);

describe('overdue order sweep', () => {
  it('when an unpaid order is past expiresAt plus the grace period, then it is cancelled and order.cancelled recorded', async () => {
    const placedAt = clock;
    const orderId = await orderPlacedAt(placedAt);
    const registry = new Registry();
    clock = secondsAfterExpiry(placedAt, GRACE_SECONDS + 1);

    const cancelled = await sweeper(registry).sweep();

    expect(cancelled).toBe(1);
    expect(await statusOf(orderId)).toBe('cancelled');
    expect((await ctx.orderEvents(orderId)).map((e) => [e.subject, 'version' in e.data ? e.data.version : undefined])).toEqual([
      ['order.created', 0],
      ['order.cancelled', 1],
    ]);
    expect(await registry.getSingleMetricAsString('orders_expired_by_sweep_total')).toMatch(/ 1$/m);
  });

  it('when an order is within its window or its grace period, then the sweep leaves it alone', async () => {
    const placedAt = clock;
    const orderId = await orderPlacedAt(placedAt);

    clock = secondsAfterExpiry(placedAt, -1);
    const beforeExpiry = await sweeper().sweep();
    clock = secondsAfterExpiry(placedAt, GRACE_SECONDS - 1);
    const withinGrace = await sweeper().sweep();

    expect([beforeExpiry, withinGrace]).toEqual([0, 0]);
    expect(await statusOf(orderId)).toBe('created');
  });

  it('when an overdue order was paid, then the sweep does not touch it', async () => {
    const placedAt = clock;
    const orderId = await orderPlacedAt(placedAt);
    const payment = { id: 'pay_1', orderId, stripeId: 'pi_1' };
    await paymentCreatedHandler(ctx.database.db, ctx.logger).handle(payment, envelopeOf('payment.created', payment));
    clock = secondsAfterExpiry(placedAt, 60);

    expect(await sweeper().sweep()).toBe(0);
    expect(await statusOf(orderId)).toBe('complete');
  });

  it('when three replicas sweep at once, then each overdue order is cancelled exactly once', async () => {
    const placedAt = clock;
    const ids = await Promise.all(Array.from({ length: 30 }, () => orderPlacedAt(placedAt)));
    clock = secondsAfterExpiry(placedAt, 60);

    const counts = await Promise.all([sweeper().sweep(), sweeper().sweep(), sweeper().sweep()]);

    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    for (const id of ids) {
      expect((await ctx.orderEvents(id)).filter((e) => e.subject === 'order.cancelled')).toHaveLength(1);
    }
  });

  it('when started, then it keeps sweeping on its interval until stopped', async () => {
    const placedAt = clock;
    const orderId = await orderPlacedAt(placedAt);
    const running = sweeper();
    running.start();

    clock = secondsAfterExpiry(placedAt, 60);

    await eventually(async () => expect(await statusOf(orderId)).toBe('cancelled'));
    await running.stop();
  });
});
