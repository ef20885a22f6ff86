import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { EventRejectedError, RetryLaterError, type EventCatalogue } from '@ticketing/common';
import { tickets, transfers } from '../src/db/schema';
import { organiserIn, ordersIn, version1Ticket, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;
let organiser: Organiser;
let orders: ReturnType<typeof ordersIn>;
beforeAll(async () => {
  ctx = await startTicketsTestContext();
  organiser = organiserIn(ctx);
  orders = ordersIn(ctx);
});
afterAll(() => ctx.close());

const buyerId = randomUUID();
const created = (orderId: string, ticketId: string, priceCents = 2000) => orders.created(orderId, ticketId, buyerId, priceCents);
const cancelled = (orderId: string, ticketId: string) => orders.cancelled(orderId, ticketId);
const completed = (orderId: string, ticketId: string) => orders.completed(orderId, ticketId);
const rowOf = async (id: string) => (await ctx.database.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
const transfersOf = (ticketId: string) => ctx.database.db.select().from(transfers).where(eq(transfers.ticketId, ticketId));

/** A listed ticket of a new event. */
const newTicket = async () => (await organiser.issuedTicket({ faceValue: 20, quantity: 1 })).ticket.id;
const show = async (id: string) => (await request(ctx.app).get(`/api/tickets/${id}`)).body;
const updatesOf = async (ticketId: string) =>
  ((await ctx.events('ticket.updated')) as EventCatalogue['ticket.updated'][]).filter((e) => e.id === ticketId);

describe('order.created', () => {
  it('when an order is created, then the ticket is held at the next version and ticket.updated says so', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();

    await created(orderId, ticketId, 1900);

    expect(await show(ticketId)).toMatchObject({ status: 'held', orderId, version: 1 });
    expect(await rowOf(ticketId)).toMatchObject({ heldForUserId: buyerId, heldPriceCents: 1900 });
    expect(await updatesOf(ticketId)).toEqual([expect.objectContaining({ version: 1, orderId, sold: false })]);
  });

  it('when the same order.created arrives twice, then the second changes nothing', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();
    await created(orderId, ticketId);

    await created(orderId, ticketId);

    expect((await show(ticketId)).version).toBe(1);
    expect(await updatesOf(ticketId)).toHaveLength(1);
  });

  it('when another order still holds the ticket, then it asks to be retried later', async () => {
    const ticketId = await newTicket();
    await created(randomUUID(), ticketId);

    await expect(created(randomUUID(), ticketId)).rejects.toBeInstanceOf(RetryLaterError);
  });

  it('when the ticket is unknown, then a rule refuses the event: it is parked, not retried', async () => {
    await expect(created(randomUUID(), randomUUID())).rejects.toBeInstanceOf(EventRejectedError);
  });
});

describe('order.cancelled', () => {
  it('when the holding order is cancelled, then the ticket is listed again at the next version', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();
    await created(orderId, ticketId);

    await cancelled(orderId, ticketId);
    await cancelled(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'listed', orderId: null, version: 2 });
    expect(await rowOf(ticketId)).toMatchObject({ heldForUserId: null, heldPriceCents: null });
    expect((await updatesOf(ticketId)).map((e) => [e.version, e.orderId])).toEqual([
      [1, orderId],
      [2, null],
    ]);
  });

  it('when the cancellation overtakes its creation, then the late creation does not hold the ticket', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();

    await cancelled(orderId, ticketId);
    await created(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'listed', version: 0 });
    expect(await updatesOf(ticketId)).toEqual([]);
  });

  it('when another order is cancelled, then the current hold stays', async () => {
    const ticketId = await newTicket();
    const holder = randomUUID();
    await created(holder, ticketId);

    await cancelled(randomUUID(), ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'held', orderId: holder, version: 1 });
  });
});

describe('order.completed', () => {
  it('when the holding order is paid, then in one change the buyer holds the ticket, not listed, its code re-issued, and a transfer records the sale', async () => {
    const { ticket } = await organiser.issuedTicket({ faceValue: 20, quantity: 1 });
    const orderId = randomUUID();
    // The price the order was placed at, which a re-pricing orders had not heard of yet could leave below the listing's.
    await created(orderId, ticket.id, 1950);

    await completed(orderId, ticket.id);

    expect(await show(ticket.id)).toMatchObject({ status: 'not-listed', userId: buyerId, orderId: null, version: 2 });
    expect(await rowOf(ticket.id)).toMatchObject({ credentialGeneration: 1, heldForUserId: null, heldPriceCents: null, sold: false });
    expect((await updatesOf(ticket.id)).at(-1)).toMatchObject({ version: 2, userId: buyerId, listed: false, orderId: null, sold: false });
    expect(await transfersOf(ticket.id)).toEqual([
      {
        id: expect.any(String),
        ticketId: ticket.id,
        eventId: ticket.eventId,
        fromUserId: organiser.user.id,
        toUserId: buyerId,
        orderId,
        priceCents: 1950,
        transferredAt: expect.any(Date),
      },
    ]);
  });

  it('when the order events arrive again after the sale, then nothing changes: the buyer keeps it, once transferred', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();
    await created(orderId, ticketId);
    await completed(orderId, ticketId);

    await completed(orderId, ticketId);
    await created(orderId, ticketId);
    await cancelled(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'not-listed', userId: buyerId, orderId: null, version: 2 });
    expect(await transfersOf(ticketId)).toHaveLength(1);
  });

  it('when the completion arrives before the hold, then it asks to be retried later', async () => {
    const ticketId = await newTicket();

    await expect(completed(randomUUID(), ticketId)).rejects.toBeInstanceOf(RetryLaterError);
    expect((await show(ticketId)).status).toBe('listed');
  });

  it('when the hold began before tickets learned buyers, then the ticket is sold in place as before, and its code re-issued', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();
    // What the migration leaves of such a hold: the order, without its buyer or price.
    await ctx.database.db.update(tickets).set({ orderId }).where(eq(tickets.id, ticketId));

    await completed(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'sold', userId: organiser.user.id, orderId });
    expect(await rowOf(ticketId)).toMatchObject({ credentialGeneration: 1 });
    expect(await transfersOf(ticketId)).toEqual([]);
  });
});

describe('tickets of an event', () => {
  it("when an order holds one and is then cancelled, then the event's summary drops it and counts it again, and each ticket.updated carries the event and the listing", async () => {
    const { event, ticket } = await organiser.issuedTicket({ faceValue: 40, quantity: 1 });
    const ticketId = ticket.id;
    const summary = async () => (await request(ctx.app).get(`/api/events/${event.id}`)).body.listedCount;
    const orderId = randomUUID();

    await created(orderId, ticketId);
    const whileHeld = await summary();
    await cancelled(orderId, ticketId);

    expect([whileHeld, await summary()]).toEqual([0, 1]);
    expect(await updatesOf(ticketId)).toEqual([
      expect.objectContaining({ version: 1, orderId, eventId: event.id, startsAt: event.startsAt, listed: true }),
      expect.objectContaining({ version: 2, orderId: null, eventId: event.id, startsAt: event.startsAt, listed: true }),
    ]);
  });
});

describe('tickets listed before events existed', () => {
  /** A ticket of version 1 that an order placed before events existed holds. */
  const heldVersion1Ticket = async (orderId: string) => (await version1Ticket(ctx, { userId: ctx.user().user.id, orderId })).id;

  it('when the order holding one is paid, then it is sold, and ticket.updated carries what it always did', async () => {
    const orderId = randomUUID();
    const ticketId = await heldVersion1Ticket(orderId);

    await completed(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'sold', orderId, version: 1 });
    expect(await updatesOf(ticketId)).toEqual([
      { id: ticketId, version: 1, title: 'Old listing', price: 2000, userId: expect.any(String), orderId, sold: true },
    ]);
  });

  it('when the order holding one expires, then it is released but not for sale: it belongs to no event', async () => {
    const orderId = randomUUID();
    const ticketId = await heldVersion1Ticket(orderId);

    await cancelled(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'not-listed', orderId: null, version: 1 });
    const onSale = await request(ctx.app).get('/api/tickets').query({ limit: 100 });
    expect(onSale.body.tickets.map((shown: { id: string }) => shown.id)).not.toContain(ticketId);
  });
});
