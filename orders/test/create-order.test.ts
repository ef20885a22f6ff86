import request from 'supertest';
import { eq } from 'drizzle-orm';
import { orders } from '../src/db/schema';
import { startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
});
afterAll(() => ctx.close());

const placeOrder = (cookie: string | undefined, body: unknown, app = ctx.app) => {
  const req = request(app).post('/api/orders');
  if (cookie) req.set('Cookie', cookie);
  return req.send(body as object);
};

const ordersOfTicket = (ticketId: string) => ctx.database.db.select().from(orders).where(eq(orders.ticketId, ticketId));

describe('POST /api/orders', () => {
  it('when a buyer orders a ticket on sale, then it answers 201 with the order holding it until now plus the window', async () => {
    const now = new Date('2030-01-01T12:00:00.000Z');
    const app = ctx.buildApp({ now: () => now });
    const ticket = await ctx.seedTicket({ title: 'Opera night', price: 1999 });
    const buyer = ctx.session();

    const res = await placeOrder(buyer.cookie, { ticketId: ticket.id }, app);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      status: 'created',
      userId: buyer.userId,
      price: 19.99,
      expiresAt: '2030-01-01T12:15:00.000Z',
      version: 0,
      createdAt: expect.any(String),
      cancelRequested: false,
      cancelReason: null,
      ticket: { id: ticket.id, title: 'Opera night', price: 19.99 },
    });
    const [order] = await ordersOfTicket(ticket.id);
    expect(order).toMatchObject({ id: res.body.id, userId: buyer.userId, status: 'created', version: 0 });
    expect(order!.expiresAt.toISOString()).toBe('2030-01-01T12:15:00.000Z');
  });

  it('when an order is placed, then exactly one order.created with its state is recorded in the same transaction', async () => {
    const ticket = await ctx.seedTicket({ price: 4550 });
    const buyer = ctx.session();
    const before = (await ctx.outboxEvents()).length;

    const res = await placeOrder(buyer.cookie, { ticketId: ticket.id });

    const recorded = (await ctx.outboxEvents()).slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      subject: 'order.created',
      data: {
        id: res.body.id,
        version: 0,
        status: 'created',
        userId: buyer.userId,
        expiresAt: res.body.expiresAt,
        ticket: { id: ticket.id, price: 4550 },
      },
    });
  });

  it('when EXPIRATION_WINDOW_SECONDS is set, then the order expires that many seconds from now', async () => {
    const now = new Date('2030-06-01T08:30:00.250Z');
    const app = ctx.buildApp({ now: () => now, env: { EXPIRATION_WINDOW_SECONDS: '60' } });
    const ticket = await ctx.seedTicket();

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, app);

    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe('2030-06-01T08:31:00.250Z');
  });

  it('when nobody is signed in, then it answers 401 and places no order', async () => {
    const ticket = await ctx.seedTicket();

    const res = await placeOrder(undefined, { ticketId: ticket.id });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(0);
  });

  it.each([
    ['no ticketId', {}],
    ['a ticketId that is not a UUID', { ticketId: 'not-a-uuid' }],
    ['a ticketId that is a number', { ticketId: 42 }],
    ['a ticketId that is an object', { ticketId: { $ne: null } }],
    ['a ticketId that is an array', { ticketId: ['6f1c2a5e-0000-4000-8000-000000000000'] }],
  ])('when the body has %s, then it answers 400 on the ticketId field', async (_case, body) => {
    const res = await placeOrder(ctx.session().cookie, body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), field: 'ticketId' }] });
  });

  it('when the ticket is not in the replica, then it answers 404', async () => {
    const res = await placeOrder(ctx.session().cookie, { ticketId: '6f1c2a5e-0000-4000-8000-000000000000' });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket not found' }] });
  });

  it('when the seller orders their own ticket, then it answers 403 and places no order', async () => {
    const seller = ctx.session();
    const ticket = await ctx.seedTicket({ userId: seller.userId });

    const res = await placeOrder(seller.cookie, { ticketId: ticket.id });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'You cannot buy your own ticket' }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(0);
  });

  it('when another order already holds the ticket, then it answers 409 reserved and records nothing more', async () => {
    const ticket = await ctx.seedTicket();
    await placeOrder(ctx.session().cookie, { ticketId: ticket.id });
    const before = (await ctx.outboxEvents()).length;

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(1);
    expect(await ctx.outboxEvents()).toHaveLength(before);
  });

  it('when the same buyer orders a ticket they already hold, then it answers 409 reserved', async () => {
    const ticket = await ctx.seedTicket();
    const buyer = ctx.session();
    await placeOrder(buyer.cookie, { ticketId: ticket.id });

    const res = await placeOrder(buyer.cookie, { ticketId: ticket.id });

    expect(res.status).toBe(409);
    expect(await ordersOfTicket(ticket.id)).toHaveLength(1);
  });

  it('when the ticket was paid for by another order, then it answers 409 sold', async () => {
    const ticket = await ctx.seedTicket();
    const paid = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });
    await ctx.paymentSucceeded(paid.body.id as string);

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already sold' }] });
  });
});
