import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventRejectedError, RetryLaterError, createLogger, type Envelope, type EventCatalogue, type Subject } from '@ticketing/common';
import { orderCancelledHandler } from '../src/events/order-cancelled-handler';
import { orderCompletedHandler } from '../src/events/order-completed-handler';
import { orderCreatedHandler } from '../src/events/order-created-handler';
import { organiserIn, version1Ticket, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;
let organiser: Organiser;
const logger = createLogger({ service: 'tickets', level: 'silent' });
beforeAll(async () => {
  ctx = await startTicketsTestContext();
  organiser = organiserIn(ctx);
});
afterAll(() => ctx.close());

function envelope<S extends Subject>(subject: S, data: EventCatalogue[S]): Envelope<S> {
  return { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data };
}

const created = (orderId: string, ticketId: string) => {
  const data: EventCatalogue['order.created'] = {
    id: orderId,
    version: 0,
    status: 'created',
    userId: 'buyer',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ticket: { id: ticketId, price: 2000 },
  };
  return orderCreatedHandler(ctx.database.db, logger).handle(data, envelope('order.created', data));
};
const cancelled = (orderId: string, ticketId: string) => {
  const data = { id: orderId, version: 1, ticket: { id: ticketId }, reason: 'expired' as const };
  return orderCancelledHandler(ctx.database.db).handle(data, envelope('order.cancelled', data));
};
const completed = (orderId: string, ticketId: string) => {
  const data = { id: orderId, version: 1, ticket: { id: ticketId } };
  return orderCompletedHandler(ctx.database.db, logger).handle(data, envelope('order.completed', data));
};

/** A listed ticket of a new event. */
const newTicket = async () => (await organiser.issuedTicket({ faceValue: 20, quantity: 1 })).ticket.id;
const show = async (id: string) => (await request(ctx.app).get(`/api/tickets/${id}`)).body;
const updatesOf = async (ticketId: string) =>
  ((await ctx.events('ticket.updated')) as EventCatalogue['ticket.updated'][]).filter((e) => e.id === ticketId);

describe('order.created', () => {
  it('when an order is created, then the ticket is held at the next version and ticket.updated says so', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();

    await created(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'held', orderId, version: 1 });
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
  it('when the holding order is paid, then the ticket is sold and stays sold', async () => {
    const ticketId = await newTicket();
    const orderId = randomUUID();
    await created(orderId, ticketId);

    await completed(orderId, ticketId);
    await completed(orderId, ticketId);
    await cancelled(orderId, ticketId);

    expect(await show(ticketId)).toMatchObject({ status: 'sold', orderId, version: 2 });
    expect((await updatesOf(ticketId)).at(-1)).toMatchObject({ version: 2, sold: true });
  });

  it('when the completion arrives before the hold, then it asks to be retried later', async () => {
    const ticketId = await newTicket();

    await expect(completed(randomUUID(), ticketId)).rejects.toBeInstanceOf(RetryLaterError);
    expect((await show(ticketId)).status).toBe('listed');
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
