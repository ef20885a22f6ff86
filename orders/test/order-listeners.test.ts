import request from 'supertest';
import { eq } from 'drizzle-orm';
import { orders } from '../src/db/schema';
import { expirationCompleteHandler } from '../src/events/expiration-complete-handler';
import { paymentCreatedHandler } from '../src/events/payment-created-handler';
import { envelopeOf, startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
});
afterAll(() => ctx.close());
afterEach(() => jest.restoreAllMocks());

async function placedOrder() {
  const buyer = ctx.session();
  const ticket = await ctx.seedTicket();
  const res = await request(ctx.app).post('/api/orders').set('Cookie', buyer.cookie).send({ ticketId: ticket.id });
  return { buyer, ticketId: ticket.id, orderId: res.body.id as string };
}

const expire = (orderId: string) =>
  expirationCompleteHandler(ctx.database.db).handle({ orderId }, envelopeOf('expiration.complete', { orderId }));
const pay = (orderId: string) => {
  const payment = { id: `pay_${orderId.slice(0, 8)}`, orderId, stripeId: `pi_${orderId.slice(0, 8)}` };
  return paymentCreatedHandler(ctx.database.db, ctx.logger).handle(payment, envelopeOf('payment.created', payment));
};
const cancel = (orderId: string, cookie: string) => request(ctx.app).delete(`/api/orders/${orderId}`).set('Cookie', cookie);
const findOrder = async (id: string) => (await ctx.database.db.select().from(orders).where(eq(orders.id, id)))[0]!;

describe('expiration.complete', () => {
  it('when an unpaid order expires, then it is cancelled at the next version and order.cancelled is recorded', async () => {
    const { orderId, ticketId } = await placedOrder();

    await expire(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.cancelled']);
    expect(events[1]!.data).toEqual({ id: orderId, version: 1, ticket: { id: ticketId } });
  });

  it('when the same expiration arrives twice, then the second changes nothing', async () => {
    const { orderId } = await placedOrder();
    await expire(orderId);

    await expire(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await ctx.orderEvents(orderId)).toHaveLength(2);
  });

  it('when a paid order expires, then it stays complete', async () => {
    const { orderId } = await placedOrder();
    await pay(orderId);

    await expire(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    expect((await ctx.orderEvents(orderId)).map((event) => event.subject)).toEqual(['order.created', 'order.completed']);
  });

  it('when the buyer already cancelled the order, then the expiration changes nothing', async () => {
    const { orderId, buyer } = await placedOrder();
    await cancel(orderId, buyer.cookie);

    await expire(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    expect(await ctx.orderEvents(orderId)).toHaveLength(2);
  });

  it('when the order is unknown, then the event fails so it is redelivered', async () => {
    await expect(expire('6f1c2a5e-0000-4000-8000-000000000000')).rejects.toThrow(/unknown order/);
  });
});

describe('payment.created', () => {
  it('when an unpaid order is paid, then it is complete at the next version and order.completed is recorded', async () => {
    const { orderId, ticketId } = await placedOrder();

    await pay(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.completed']);
    expect(events[1]!.data).toEqual({ id: orderId, version: 1, ticket: { id: ticketId } });
  });

  it('when the same payment arrives twice, then the second changes nothing', async () => {
    const { orderId } = await placedOrder();
    await pay(orderId);

    await pay(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    expect(await ctx.orderEvents(orderId)).toHaveLength(2);
  });

  it('when the order was cancelled before the payment arrived, then it stays cancelled and a warning is logged', async () => {
    const { orderId } = await placedOrder();
    await expire(orderId);
    const warn = jest.spyOn(ctx.logger, 'warn');

    await pay(orderId);

    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    expect((await ctx.orderEvents(orderId)).map((event) => event.subject)).toEqual(['order.created', 'order.cancelled']);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ orderId }), expect.stringMatching(/cancelled order/));
  });

  it('when the order is unknown, then the event fails so it is redelivered', async () => {
    await expect(pay('6f1c2a5e-0000-4000-8000-000000000000')).rejects.toThrow(/unknown order/);
  });
});
