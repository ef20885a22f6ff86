import request from 'supertest';
import { eq } from 'drizzle-orm';
import { orders } from '../src/db/schema';
import { startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
});
afterAll(() => ctx.close());

/** A buyer holding a fresh ticket with a new order. */
async function orderedTicket() {
  const buyer = ctx.session();
  const ticket = await ctx.seedTicket({ title: 'Jazz club', price: 3500 });
  const res = await request(ctx.app).post('/api/orders').set('Cookie', buyer.cookie).send({ ticketId: ticket.id });
  return { buyer, ticket, orderId: res.body.id as string };
}

const findOrder = async (id: string) => (await ctx.database.db.select().from(orders).where(eq(orders.id, id)))[0]!;

const cancelWith = {
  DELETE: (id: string) => request(ctx.app).delete(`/api/orders/${id}`),
  'POST .../cancel': (id: string) => request(ctx.app).post(`/api/orders/${id}/cancel`),
};

describe.each(Object.entries(cancelWith))('%s /api/orders/:id', (_route, cancel) => {
  it('when the buyer cancels their order, then it answers 202 while payments decides, and order.cancel-requested asks it', async () => {
    const { buyer, ticket, orderId } = await orderedTicket();

    const res = await cancel(orderId).set('Cookie', buyer.cookie);

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: orderId, status: 'created', cancelRequested: true, version: 1, ticket: { id: ticket.id, title: 'Jazz club', price: 35 } });
    expect(await findOrder(orderId)).toMatchObject({ status: 'created', version: 1, cancelRequestedAt: expect.any(Date) });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.cancel-requested']);
    expect(events[1]!.data).toEqual({ id: orderId, version: 1 });
  });

  it('when payments closes the order, then it is cancelled with the reason and cancelling again answers 200', async () => {
    const { buyer, ticket, orderId } = await orderedTicket();
    await cancel(orderId).set('Cookie', buyer.cookie);

    await ctx.paymentClosed(orderId, 'cancelled');
    const again = await cancel(orderId).set('Cookie', buyer.cookie);

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled', version: 2 });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.cancel-requested', 'order.cancelled']);
    expect(events[2]!.data).toEqual({ id: orderId, version: 2, ticket: { id: ticket.id }, reason: 'cancelled' });
  });

  it('when the buyer cancels twice before payments answers, then the request is made once', async () => {
    const { buyer, orderId } = await orderedTicket();
    const first = await cancel(orderId).set('Cookie', buyer.cookie);

    const second = await cancel(orderId).set('Cookie', buyer.cookie);

    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect((await ctx.orderEvents(orderId)).filter((event) => event.subject === 'order.cancel-requested')).toHaveLength(1);
  });

  it('when the order is paid, then it answers 409 and the order stays complete', async () => {
    const { buyer, orderId } = await orderedTicket();
    await ctx.paymentSucceeded(orderId);

    const res = await cancel(orderId).set('Cookie', buyer.cookie);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This order is paid and can no longer be cancelled' }] });
    expect(await findOrder(orderId)).toMatchObject({ status: 'complete', version: 1 });
    expect((await ctx.orderEvents(orderId)).map((event) => event.subject)).toEqual(['order.created', 'order.completed']);
  });

  it("when someone cancels another buyer's order, then it answers 403 and the order stays held", async () => {
    const { orderId } = await orderedTicket();

    const res = await cancel(orderId).set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(403);
    expect(await findOrder(orderId)).toMatchObject({ status: 'created', version: 0, cancelRequestedAt: null });
    expect(await ctx.orderEvents(orderId)).toHaveLength(1);
  });

  it('when the order does not exist, then it answers 404', async () => {
    const res = await cancel('6f1c2a5e-0000-4000-8000-000000000000').set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it('when the id is malformed, then it answers 404', async () => {
    const res = await cancel('12345').set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(404);
  });

  it('when nobody is signed in, then it answers 401 and the order stays held', async () => {
    const { orderId } = await orderedTicket();

    const res = await cancel(orderId);

    expect(res.status).toBe(401);
    expect(await findOrder(orderId)).toMatchObject({ status: 'created' });
  });
});
