import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { metricValue } from '@ticketing/common/testing';
import { isActiveOrderConflict } from '../src/db/orders';
import { orders } from '../src/db/schema';
import { startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
let server: Server;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
  // One listening server for every request, rather than one per supertest call.
  server = ctx.app.listen(0);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

const placeOrder = (cookie: string, ticketId: string) => request(server).post('/api/orders').set('Cookie', cookie).send({ ticketId });
const ordersOfTicket = (ticketId: string) => ctx.database.db.select().from(orders).where(eq(orders.ticketId, ticketId));
const orderCreatedFor = async (ticketId: string) =>
  (await ctx.outboxEvents()).filter((event) => event.subject === 'order.created' && event.data.ticket.id === ticketId);

describe('the hold on a ticket', () => {
  it('when 100 buyers order one ticket at once, then exactly one gets it and is counted, and the rest get 409', async () => {
    const ticket = await ctx.seedTicket();
    const createdBefore = await metricValue(ctx.metrics.registry, 'orders_created_total');

    const responses = await Promise.all(Array.from({ length: 100 }, () => placeOrder(ctx.session().cookie, ticket.id)));

    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(99);
    const rows = await ordersOfTicket(ticket.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(responses.find((res) => res.status === 201)!.body.id);
    expect(await orderCreatedFor(ticket.id)).toHaveLength(1);
    expect(await metricValue(ctx.metrics.registry, 'orders_created_total')).toBe(createdBefore + 1);
  });

  it('when the buyer gives the holding order up, then the ticket is held until payments closes it, and can be ordered again after', async () => {
    const ticket = await ctx.seedTicket();
    const first = await placeOrder(ctx.session().cookie, ticket.id);
    await request(server).delete(`/api/orders/${first.body.id}`).set('Cookie', ctx.session(first.body.userId).cookie);
    const whileDeciding = await placeOrder(ctx.session().cookie, ticket.id);
    await ctx.paymentClosed(first.body.id, 'cancelled');

    const second = await placeOrder(ctx.session().cookie, ticket.id);

    expect(whileDeciding.status).toBe(409);
    expect(second.status).toBe(201);
    const statuses = (await ordersOfTicket(ticket.id)).map((order) => order.status).sort();
    expect(statuses).toEqual(['cancelled', 'created']);
    expect(await orderCreatedFor(ticket.id)).toHaveLength(2);
  });

  it('when the holding order expired, then the ticket can be ordered again', async () => {
    const ticket = await ctx.seedTicket();
    const first = await placeOrder(ctx.session().cookie, ticket.id);
    await ctx.paymentClosed(first.body.id as string, 'expired');

    const second = await placeOrder(ctx.session().cookie, ticket.id);

    expect(second.status).toBe(201);
  });

  it('when a second order holding the ticket is written past the application, then the database refuses it', async () => {
    const ticket = await ctx.seedTicket();
    await placeOrder(ctx.session().cookie, ticket.id);
    const sneakIn = (status: 'created' | 'complete' | 'cancelled') =>
      ctx.database.db.insert(orders).values({ userId: randomUUID(), ticketId: ticket.id, status, priceCents: 100, feeCents: 10, totalCents: 110, expiresAt: new Date() });

    const refused = await sneakIn('created').catch((err: unknown) => err);

    expect(isActiveOrderConflict(refused)).toBe(true);
    await expect(sneakIn('cancelled')).resolves.toBeDefined();
    expect(await ordersOfTicket(ticket.id)).toHaveLength(2);
  });

  it('when the paying order completes, then the index holds the ticket for no order: a paid order holds it no more', async () => {
    const ticket = await ctx.seedTicket();
    const paid = await placeOrder(ctx.session().cookie, ticket.id);
    await ctx.paymentSucceeded(paid.body.id as string);

    const next = ctx.database.db.insert(orders).values({ userId: randomUUID(), ticketId: ticket.id, status: 'created', priceCents: 100, feeCents: 10, totalCents: 110, expiresAt: new Date() });

    await expect(next).resolves.toBeDefined();
  });

  it('when an order has a status outside the catalogue, then the database refuses it', async () => {
    const ticket = await ctx.seedTicket();

    const write = ctx.database.db
      .insert(orders)
      .values({ userId: randomUUID(), ticketId: ticket.id, status: 'awaiting:payment' as 'complete', priceCents: 100, feeCents: 10, totalCents: 110, expiresAt: new Date() });

    await expect(write).rejects.toMatchObject({ cause: { code: '23514' } });
  });
});
