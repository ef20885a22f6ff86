import request from 'supertest';
import { eq } from 'drizzle-orm';
import type { TicketCreatedData } from '@ticketing/common';
import { metricValue } from '@ticketing/common/testing';
import { orders } from '../src/db/schema';
import { ticketUpdatedHandler } from '../src/events/ticket-updated-handler';
import { envelopeOf, startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

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
const ordersCreated = () => metricValue(ctx.metrics.registry, 'orders_created_total');

describe('POST /api/orders', () => {
  it('when a buyer orders a listed ticket, then it answers 201 with the order holding it until now plus the window', async () => {
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
      fee: 2,
      total: 21.99,
      expiresAt: '2030-01-01T12:15:00.000Z',
      version: 0,
      createdAt: expect.any(String),
      cancelRequested: false,
      cancelReason: null,
      currency: 'USD',
      ticket: { id: ticket.id, title: 'Opera night', price: 19.99 },
    });
    const [order] = await ordersOfTicket(ticket.id);
    expect(order).toMatchObject({ id: res.body.id, userId: buyer.userId, status: 'created', version: 0, priceCents: 1999, feeCents: 200, totalCents: 2199 });
    expect(order!.expiresAt.toISOString()).toBe('2030-01-01T12:15:00.000Z');
  });

  it.each([
    // BUYER_FEE_PERCENT 10 by default: the fee is rounded half up to the cent.
    [2000, 20, 2, 22],
    [1995, 19.95, 2, 21.95], // 199.5 cents: half a cent rounds up
    [1994, 19.94, 1.99, 21.93], // 199.4 cents rounds down
    [4545, 45.45, 4.55, 50], // 454.5 cents
    [99_999, 999.99, 100, 1099.99],
  ])('when a ticket at %i cents is ordered, then the order shows price %d, fee %d and total %d', async (cents, price, fee, total) => {
    const ticket = await ctx.seedTicket({ price: cents });

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ price, fee, total, ticket: { price } });
  });

  it('when BUYER_FEE_FIXED is set, then the fee is the percentage plus that amount', async () => {
    const app = ctx.buildApp({ env: { BUYER_FEE_PERCENT: '2.5', BUYER_FEE_FIXED: '0.30' } });
    const ticket = await ctx.seedTicket({ price: 1990 }); // 2.5 % is 49.75 cents, rounded half up to 50

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, app);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ price: 19.9, fee: 0.8, total: 20.7 });
  });

  it('when the platform sells in another currency, then every view of the order names it', async () => {
    const app = ctx.buildApp({ env: { PAYMENT_CURRENCY: 'eur' } });
    const ticket = await ctx.seedTicket({ price: 4000 });
    const buyer = ctx.session();

    const placed = await placeOrder(buyer.cookie, { ticketId: ticket.id }, app);
    const shown = await request(app).get(`/api/orders/${placed.body.id as string}`).set('Cookie', buyer.cookie);
    const listed = await request(app).get('/api/orders').set('Cookie', buyer.cookie);
    const cancelled = await request(app).delete(`/api/orders/${placed.body.id as string}`).set('Cookie', buyer.cookie);

    expect([placed.body.currency, shown.body.currency, listed.body.orders[0].currency, cancelled.body.currency]).toEqual(['EUR', 'EUR', 'EUR', 'EUR']);
    expect(placed.body).toMatchObject({ price: 40, fee: 4, total: 44 });
  });

  it('when the fee schedule changes after an order was placed, then the order keeps the figures it was placed with', async () => {
    const ticket = await ctx.seedTicket({ price: 5000 });
    const buyer = ctx.session();
    const placed = await placeOrder(buyer.cookie, { ticketId: ticket.id }, ctx.buildApp({ env: { BUYER_FEE_PERCENT: '10' } }));
    const laterApp = ctx.buildApp({ env: { BUYER_FEE_PERCENT: '20', BUYER_FEE_FIXED: '1.00' } });

    const shown = await request(laterApp).get(`/api/orders/${placed.body.id as string}`).set('Cookie', buyer.cookie);
    const listed = await request(laterApp).get('/api/orders').set('Cookie', buyer.cookie);

    expect(placed.body).toMatchObject({ price: 50, fee: 5, total: 55 });
    expect(shown.body).toMatchObject({ id: placed.body.id, price: 50, fee: 5, total: 55 });
    expect(listed.body.orders).toEqual([expect.objectContaining({ id: placed.body.id, price: 50, fee: 5, total: 55 })]);
  });

  it.each([
    ['under Stripe\'s minimum by a cent', 44, '0.48 USD'], // fee 4.4 cents rounds to 4
    ['over Stripe\'s maximum by a cent', 90_909_091, '1000000.00 USD'], // fee 9,090,909.1 cents rounds to 9,090,909
  ])('when the ticket\'s total is %s, then it answers 409 naming the total and the limits, and places no order', async (_case, cents, total) => {
    const ticket = await ctx.seedTicket({ price: cents });
    const before = (await ctx.outboxEvents()).length;

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      errors: [{ message: `This ticket cannot be bought: its total of ${total} is outside what a card can be charged (0.50 USD to 999999.99 USD)` }],
    });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(0);
    expect(await ctx.outboxEvents()).toHaveLength(before);
  });

  it.each([
    ['at Stripe\'s minimum', 45, 0.5], // fee 4.5 cents rounds up to 5
    ['at Stripe\'s maximum', 90_909_090, 999_999.99],
  ])('when the ticket\'s total is %s, then the order is placed', async (_case, cents, total) => {
    const ticket = await ctx.seedTicket({ price: cents });

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(201);
    expect(res.body.total).toBe(total);
  });

  it('when an order is placed, then exactly one order.created with its state is recorded in the same transaction, and one order is counted', async () => {
    const ticket = await ctx.seedTicket({ price: 4550 });
    const buyer = ctx.session();
    const before = (await ctx.outboxEvents()).length;
    const createdBefore = await ordersCreated();

    const res = await placeOrder(buyer.cookie, { ticketId: ticket.id });

    expect(await ordersCreated()).toBe(createdBefore + 1);
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
        ticket: { id: ticket.id, price: 4550, eventId: ticket.eventId },
        fee: 455,
        total: 5005,
        sellerId: ticket.userId,
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

  it('when another order already holds the ticket, then it answers 409 reserved and records and counts nothing more', async () => {
    const ticket = await ctx.seedTicket();
    await placeOrder(ctx.session().cookie, { ticketId: ticket.id });
    const before = (await ctx.outboxEvents()).length;
    const createdBefore = await ordersCreated();

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(1);
    expect(await ctx.outboxEvents()).toHaveLength(before);
    expect(await ordersCreated()).toBe(createdBefore);
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

describe('POST /api/orders for a ticket sold before', () => {
  /** Tickets' ticket.updated at `version`: the ticket as it is after a change there. */
  const ticketUpdated = (ticket: TicketCreatedData, version: number, changes: Partial<TicketCreatedData>) => {
    const data = { ...ticket, version, orderId: null, sold: false, ...changes };
    return ticketUpdatedHandler(ctx.database.db).handle(data, envelopeOf('ticket.updated', data));
  };

  /** A ticket bought and paid for by a new buyer: the sale has not reached the replica yet, which still shows its seller's listing. */
  async function paidTicket() {
    const ticket = await ctx.seedTicket();
    const buyer = ctx.session();
    const paid = await placeOrder(buyer.cookie, { ticketId: ticket.id });
    await ctx.paymentSucceeded(paid.body.id as string);
    return { ticket, buyer };
  }

  it('when the sale has reached the replica and its buyer lists it again, then another buyer orders it, from the first buyer', async () => {
    const { ticket, buyer } = await paidTicket();
    // Tickets held it for the order (version 1), moved it to its buyer (2), who listed it again (3).
    await ticketUpdated(ticket, 1, {});
    await ticketUpdated(ticket, 2, { userId: buyer.userId, listed: false });
    await ticketUpdated(ticket, 3, { userId: buyer.userId, listed: true, price: 2200 });
    const before = (await ctx.outboxEvents()).length;

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ price: 22, status: 'created' });
    const [created] = (await ctx.outboxEvents()).slice(before);
    expect(created).toMatchObject({ subject: 'order.created', data: { sellerId: buyer.userId, ticket: { id: ticket.id, price: 2200 } } });
  });

  it('when the sale has reached the replica, then its buyer cannot order it: it is theirs', async () => {
    const { ticket, buyer } = await paidTicket();
    await ticketUpdated(ticket, 1, {});
    await ticketUpdated(ticket, 2, { userId: buyer.userId, listed: false });

    const res = await placeOrder(buyer.cookie, { ticketId: ticket.id });

    expect(res.status).toBe(403);
  });

  it('when the sale has not reached the replica, then the listing it still shows is sold: anyone, the buyer too, gets 409', async () => {
    const { ticket, buyer } = await paidTicket();
    await ticketUpdated(ticket, 1, {});

    const answers = await Promise.all([placeOrder(ctx.session().cookie, { ticketId: ticket.id }), placeOrder(buyer.cookie, { ticketId: ticket.id })]);

    expect(answers.map((res) => [res.status, res.body])).toEqual([
      [409, { errors: [{ message: 'Ticket is already sold' }] }],
      [409, { errors: [{ message: 'Ticket is already sold' }] }],
    ]);
  });
});

describe('POST /api/orders for a ticket of an event', () => {
  const startsAt = '2031-06-01T19:30:00.000Z';
  const at = (iso: string) => ctx.buildApp({ now: () => new Date(iso) });
  const eventTicket = (ticket: Parameters<OrdersTestContext['seedTicket']>[0] = {}) => ctx.seedTicket({ startsAt, ...ticket });

  it('when the holder has withdrawn the ticket, then it answers 409 not listed and places no order', async () => {
    const ticket = await eventTicket({ listed: false });

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, at('2031-05-01T12:00:00.000Z'));

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This ticket is not listed for sale' }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(0);
  });

  it.each(['2031-06-01T19:30:00.000Z', '2031-06-02T08:00:00.000Z'])('when the clock reads %s, at or past the start, then it answers 409 closed and places no order', async (now) => {
    const ticket = await eventTicket();

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, at(now));

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: `Sales for this event have closed: it started at ${startsAt}` }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(0);
  });

  it('when the clock reads a moment before the start, then it answers 201 with the order', async () => {
    const ticket = await eventTicket();
    const buyer = ctx.session();

    const res = await placeOrder(buyer.cookie, { ticketId: ticket.id }, at('2031-06-01T19:29:59.999Z'));

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'created', userId: buyer.userId, ticket: { id: ticket.id } });
  });

  it('when a ticket listed before events existed is ordered, then it answers 409 not listed and places no order: it admits to no event', async () => {
    const ticket = await ctx.seedVersion1Ticket();
    const before = (await ctx.outboxEvents()).length;

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, at('2031-05-01T12:00:00.000Z'));

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This ticket is not listed for sale' }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(0);
    expect(await ctx.outboxEvents()).toHaveLength(before);
  });

  it('when its holder orders their own ticket from before events, then it answers 403, as for any ticket', async () => {
    const seller = ctx.session();
    const ticket = await ctx.seedVersion1Ticket({ userId: seller.userId });

    const res = await placeOrder(seller.cookie, { ticketId: ticket.id });

    expect(res.status).toBe(403);
  });

  it('when the holder orders their own withdrawn ticket, then it answers 403', async () => {
    const seller = ctx.session();
    const ticket = await eventTicket({ userId: seller.userId, listed: false });

    const res = await placeOrder(seller.cookie, { ticketId: ticket.id }, at('2031-05-01T12:00:00.000Z'));

    expect(res.status).toBe(403);
  });

  it('when a held ticket is ordered after its event started, then it answers 409 closed rather than reserved', async () => {
    const ticket = await eventTicket();
    await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, at('2031-06-01T19:00:00.000Z'));

    const res = await placeOrder(ctx.session().cookie, { ticketId: ticket.id }, at('2031-06-01T19:45:00.000Z'));

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: `Sales for this event have closed: it started at ${startsAt}` }] });
    expect(await ordersOfTicket(ticket.id)).toHaveLength(1);
  });
});
