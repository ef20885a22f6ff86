import request from 'supertest';
import { startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
});
afterAll(() => ctx.close());

const placeOrder = async (cookie: string, ticketId: string) => {
  const res = await request(ctx.app).post('/api/orders').set('Cookie', cookie).send({ ticketId });
  if (res.status !== 201) throw new Error(`order failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
};

describe('GET /api/orders', () => {
  it("when a buyer has orders, then it lists only theirs, newest first, each with its ticket", async () => {
    const buyer = ctx.session();
    const older = await ctx.seedTicket({ title: 'Older show', price: 1000 });
    const newer = await ctx.seedTicket({ title: 'Newer show', price: 2575 });
    const someoneElses = await ctx.seedTicket();
    const olderOrder = await placeOrder(buyer.cookie, older.id);
    const newerOrder = await placeOrder(buyer.cookie, newer.id);
    await placeOrder(ctx.session().cookie, someoneElses.id);

    const res = await request(ctx.app).get('/api/orders').set('Cookie', buyer.cookie);

    expect(res.status).toBe(200);
    expect(res.body.orders.map((order: { id: string }) => order.id)).toEqual([newerOrder.id, olderOrder.id]);
    expect(res.body.orders[0]).toEqual({
      id: newerOrder.id,
      status: 'created',
      userId: buyer.userId,
      price: 25.75,
      fee: 2.58, // 257.5 cents, rounded half up
      total: 28.33,
      expiresAt: expect.any(String),
      version: 0,
      createdAt: expect.any(String),
      cancelRequested: false,
      cancelReason: null,
      currency: 'USD',
      ticket: { id: newer.id, title: 'Newer show', price: 25.75 },
    });
  });

  it('when a buyer has no orders, then it answers an empty list', async () => {
    const res = await request(ctx.app).get('/api/orders').set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orders: [] });
  });

  it('when nobody is signed in, then it answers 401', async () => {
    const res = await request(ctx.app).get('/api/orders');

    expect(res.status).toBe(401);
  });
});

describe('GET /api/orders/:id', () => {
  it('when the buyer asks for their order, then it answers it with its ticket', async () => {
    const buyer = ctx.session();
    const ticket = await ctx.seedTicket({ title: 'Cup final', price: 12000 });
    const order = await placeOrder(buyer.cookie, ticket.id);

    const res = await request(ctx.app).get(`/api/orders/${order.id}`).set('Cookie', buyer.cookie);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, status: 'created', userId: buyer.userId, ticket: { id: ticket.id, title: 'Cup final', price: 120 } });
  });

  it("when someone asks for another buyer's order, then it answers 403", async () => {
    const ticket = await ctx.seedTicket();
    const order = await placeOrder(ctx.session().cookie, ticket.id);

    const res = await request(ctx.app).get(`/api/orders/${order.id}`).set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'You can only access your own orders' }] });
  });

  it('when the order does not exist, then it answers 404', async () => {
    const res = await request(ctx.app).get('/api/orders/6f1c2a5e-0000-4000-8000-000000000000').set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it('when the id is malformed, then it answers 404', async () => {
    const res = await request(ctx.app).get('/api/orders/not-an-id').set('Cookie', ctx.session().cookie);

    expect(res.status).toBe(404);
  });

  it('when nobody is signed in, then it answers 401', async () => {
    const ticket = await ctx.seedTicket();
    const order = await placeOrder(ctx.session().cookie, ticket.id);

    const res = await request(ctx.app).get(`/api/orders/${order.id}`);

    expect(res.status).toBe(401);
  });
});
