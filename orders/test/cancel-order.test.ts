import request from 'supertest';
import { eq } from 'drizzle-orm';
import { orders } from '../src/db/schema';
import { paymentCreatedHandler } from '../src/events/payment-created-handler';
import { envelopeOf, startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

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
  it('when the buyer cancels their order, then it answers 200 with the cancelled order and records order.cancelled', async () => {
    const { buyer, ticket, orderId } = await orderedTicket();

    const res = await cancel(orderId).set('Cookie', buyer.cookie);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: orderId, status: 'cancelled', version: 1, ticket: { id: ticket.id, title: 'Jazz club', price: 35 } });
    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    const events = await ctx.orderEvents(orderId);
    expect(events.map((event) => event.subject)).toEqual(['order.created', 'order.cancelled']);
    expect(events[1]!.data).toEqual({ id: orderId, version: 1, ticket: { id: ticket.id } });
  });

  it('when the buyer cancels twice, then the second answers the same order and records nothing', async () => {
    const { buyer, orderId } = await orderedTicket();
    const first = await cancel(orderId).set('Cookie', buyer.cookie);

    const second = await cancel(orderId).set('Cookie', buyer.cookie);

    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await findOrder(orderId)).toMatchObject({ status: 'cancelled', version: 1 });
    expect((await ctx.orderEvents(orderId)).filter((event) => event.subject === 'order.cancelled')).toHaveLength(1);
  });

  it('when the order is paid, then it answers 409 and the order stays complete', async () => {
    const { buyer, orderId } = await orderedTicket();
    const payment = { id: 'pay_1', orderId, stripeId: 'pi_1' };
    await paymentCreatedHandler(ctx.database.db, ctx.logger).handle(payment, envelopeOf('payment.created', payment));

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
    expect(await findOrder(orderId)).toMatchObject({ status: 'created', version: 0 });
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
