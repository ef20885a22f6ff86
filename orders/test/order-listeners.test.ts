import request from 'supertest';
import { EventRejectedError } from '@ticketing/common';
import { metricValue } from '@ticketing/common/testing';
import { eq } from 'drizzle-orm';
import { orders, tickets } from '../src/db/schema';
import { startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
});
afterAll(() => ctx.close());
afterEach(() => jest.restoreAllMocks());

async function placedOrder(price = 2000) {
  const buyer = ctx.session();
  const ticket = await ctx.seedTicket({ price });
  const res = await request(ctx.app).post('/api/orders').set('Cookie', buyer.cookie).send({ ticketId: ticket.id });
  return { buyer, ticketId: ticket.id, orderId: res.body.id as string };
}

const findOrder = async (id: string) => (await ctx.database.db.select().from(orders).where(eq(orders.id, id)))[0]!;
const counted = (name: string, labels?: Record<string, string>) => metricValue(ctx.metrics.registry, name, labels);

describe('payment.closed', () => {
  it.each(['expired', 'cancelled'] as const)('when payments closes an unpaid order as %s, then it is cancelled at the next version with that reason, and counted so', async (reason) => {
    const { orderId, ticketId } = await placedOrder();
    const before = { all: await counted('orders_cancelled_total'), reason: await counted('orders_cancelled_total', { reason }) };

    await ctx.paymentClosed(orderId, reason);

    expect(await counted('orders_cancelled_total', { reason })).toBe(before.reason + 1);
    expect(await counted('orders_cancelled_total')).toBe(before.all + 1);

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', cancelReason: reason, version: 1 });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.cancelled']);
    expect(events[1]!.data).toEqual({ id: orderId, version: 1, ticket: { id: ticketId }, reason });
  });

  it('when the same answer arrives twice, then the second changes nothing and counts nothing', async () => {
    const { orderId } = await placedOrder();
    await ctx.paymentClosed(orderId);
    const cancelledBefore = await counted('orders_cancelled_total');

    await ctx.paymentClosed(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await ctx.orderEvents(orderId)).toHaveLength(2);
    expect(await counted('orders_cancelled_total')).toBe(cancelledBefore);
  });

  it('when the order is unknown, then a rule refuses the event: it is parked, not retried', async () => {
    await expect(ctx.paymentClosed('6f1c2a5e-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(EventRejectedError);
  });
});

describe('payment.succeeded', () => {
  it('when an unpaid order is paid, then it is complete at the next version, order.completed is recorded, and it is counted', async () => {
    const { orderId, ticketId } = await placedOrder();
    const completedBefore = await counted('orders_completed_total');

    await ctx.paymentSucceeded(orderId);

    expect(await counted('orders_completed_total')).toBe(completedBefore + 1);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.completed']);
    expect(events[1]!.data).toEqual({ id: orderId, version: 1, ticket: { id: ticketId } });
  });

  it('when the buyer had asked to cancel, then the payment still completes the order: payments decided it was charged', async () => {
    const { orderId, buyer } = await placedOrder();
    await request(ctx.app).delete(`/api/orders/${orderId}`).set('Cookie', buyer.cookie);

    await ctx.paymentSucceeded(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 2 });
  });

  it('when the same payment arrives twice, then the second changes nothing and counts nothing', async () => {
    const { orderId } = await placedOrder();
    await ctx.paymentSucceeded(orderId);
    const completedBefore = await counted('orders_completed_total');

    await ctx.paymentSucceeded(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    expect(await ctx.orderEvents(orderId)).toHaveLength(2);
    expect(await counted('orders_completed_total')).toBe(completedBefore);
  });

  it('when a paid order is then said to be closed, then it stays complete and an operator is told', async () => {
    const { orderId } = await placedOrder();
    await ctx.paymentSucceeded(orderId);
    const error = jest.spyOn(ctx.logger, 'error');
    const cancelledBefore = await counted('orders_cancelled_total');

    await ctx.paymentClosed(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    expect(await counted('orders_cancelled_total')).toBe(cancelledBefore);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ orderId }), expect.stringMatching(/already complete/));
  });

  it('when the order is unknown, then a rule refuses the event: it is parked, not retried', async () => {
    await expect(ctx.paymentSucceeded('6f1c2a5e-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(EventRejectedError);
  });
});

describe('the price an order keeps', () => {
  it('when the ticket is re-priced after the order was placed, then the order still shows the price payments charges', async () => {
    const { orderId, ticketId, buyer } = await placedOrder(4200);
    await ctx.database.db.update(tickets).set({ priceCents: 9900 }).where(eq(tickets.id, ticketId));

    const res = await request(ctx.app).get(`/api/orders/${orderId}`).set('Cookie', buyer.cookie);

    expect(res.body).toMatchObject({ price: 42, ticket: { price: 99 } });
    expect((await ctx.orderEvents(orderId))[0]!.data).toMatchObject({ ticket: { id: ticketId, price: 4200 } });
  });
});

describe('an order placed for a ticket from before events', () => {
  /** An unpaid order for a ticket of no event, as version 1 placed them; none can be placed now. */
  async function version1Order() {
    const ticket = await ctx.seedVersion1Ticket();
    const [order] = await ctx.database.db
      .insert(orders)
      .values({ userId: ctx.session().userId, ticketId: ticket.id, status: 'created', priceCents: 2000, feeCents: 0, totalCents: 2000, expiresAt: new Date(Date.now() + 60_000) })
      .returning();
    return { orderId: order!.id, ticketId: ticket.id };
  }

  it('when it is paid, then it completes as any order does', async () => {
    const { orderId, ticketId } = await version1Order();

    await ctx.paymentSucceeded(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    expect((await ctx.orderEvents(orderId)).map((event) => [event.subject, event.data])).toEqual([['order.completed', { id: orderId, version: 1, ticket: { id: ticketId } }]]);
  });

  it('when its hold runs out, then it is cancelled as any order is', async () => {
    const { orderId, ticketId } = await version1Order();

    await ctx.paymentClosed(orderId, 'expired');

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', cancelReason: 'expired', version: 1 });
    expect((await ctx.orderEvents(orderId)).map((event) => event.data)).toEqual([{ id: orderId, version: 1, ticket: { id: ticketId }, reason: 'expired' }]);
  });
});
