import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { RetryLaterError, type TicketCreatedData, type TicketUpdatedData } from '@ticketing/common';
import { tickets } from '../src/db/schema';
import { ticketCreatedHandler } from '../src/events/ticket-created-handler';
import { ticketUpdatedHandler } from '../src/events/ticket-updated-handler';
import { envelopeOf, startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

let ctx: OrdersTestContext;
beforeAll(async () => {
  ctx = await startOrdersTestContext();
});
afterAll(() => ctx.close());

const ticketCreated = (data: TicketCreatedData) => ticketCreatedHandler(ctx.database.db).handle(data, envelopeOf('ticket.created', data));
const ticketUpdated = (data: TicketUpdatedData) => ticketUpdatedHandler(ctx.database.db).handle(data, envelopeOf('ticket.updated', data));
const replicaOf = async (id: string) => ctx.database.db.select().from(tickets).where(eq(tickets.id, id));

function createdData(): TicketCreatedData {
  return { id: randomUUID(), version: 0, title: 'Concert', price: 2000, userId: randomUUID() };
}

/** A ticket of an event, as tickets publishes it since events exist. */
function eventTicketData(): TicketCreatedData {
  return {
    ...createdData(),
    eventId: randomUUID(),
    startsAt: '2031-06-01T19:30:00.000Z',
    faceValue: 2000,
    section: 'A',
    row: '3',
    seat: '12',
    listed: true,
  };
}

function updatedData(created: TicketCreatedData, version: number, changes: Partial<TicketUpdatedData> = {}): TicketUpdatedData {
  return { ...created, version, orderId: null, sold: false, ...changes };
}

describe('ticket.created', () => {
  it('when a ticket from before events is created, then the replica holds it at version 0, listed, with no event and no start', async () => {
    const created = createdData();

    await ticketCreated(created);

    expect(await replicaOf(created.id)).toEqual([
      { id: created.id, title: 'Concert', priceCents: 2000, userId: created.userId, eventId: null, startsAt: null, listed: true, version: 0 },
    ]);
  });

  it('when a ticket of an event is created, then the replica keeps its event, its start and whether it is listed', async () => {
    const created = { ...eventTicketData(), listed: false };

    await ticketCreated(created);

    expect(await replicaOf(created.id)).toEqual([
      {
        id: created.id,
        title: 'Concert',
        priceCents: 2000,
        userId: created.userId,
        eventId: created.eventId,
        startsAt: new Date('2031-06-01T19:30:00.000Z'),
        listed: false,
        version: 0,
      },
    ]);
  });

  it('when the same ticket.created arrives twice, then the second changes nothing', async () => {
    const created = createdData();
    await ticketCreated(created);
    await ticketUpdated(updatedData(created, 1, { title: 'Renamed' }));

    await ticketCreated(created);

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ title: 'Renamed', version: 1 })]);
  });

  it('when a ticket event is applied, then orders records no event of its own', async () => {
    const before = (await ctx.outboxEvents()).length;
    const created = createdData();

    await ticketCreated(created);
    await ticketUpdated(updatedData(created, 1));

    expect(await ctx.outboxEvents()).toHaveLength(before);
  });
});

describe('ticket.updated', () => {
  it('when the next version arrives, then the replica takes its title, price and version', async () => {
    const created = createdData();
    await ticketCreated(created);

    await ticketUpdated(updatedData(created, 1, { title: 'Encore', price: 2550 }));

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ title: 'Encore', priceCents: 2550, version: 1 })]);
  });

  it('when a sale moves the ticket to its buyer, then the replica follows its new holder', async () => {
    const created = eventTicketData();
    const buyerId = randomUUID();
    await ticketCreated(created);

    await ticketUpdated(updatedData(created, 1, { userId: buyerId, listed: false }));

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ userId: buyerId, listed: false, version: 1 })]);
  });

  it('when the holder withdraws, re-lists and the event is moved, then the replica follows each version', async () => {
    const created = eventTicketData();
    await ticketCreated(created);

    await ticketUpdated(updatedData(created, 1, { listed: false }));
    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ listed: false, version: 1 })]);

    await ticketUpdated(updatedData(created, 2, { listed: true, startsAt: '2031-06-02T20:00:00.000+01:00' }));
    expect(await replicaOf(created.id)).toEqual([
      expect.objectContaining({ eventId: created.eventId, startsAt: new Date('2031-06-02T19:00:00.000Z'), listed: true, version: 2 }),
    ]);
  });

  it('when a withdrawal already applied arrives again after a re-listing, then the ticket stays listed', async () => {
    const created = eventTicketData();
    await ticketCreated(created);
    await ticketUpdated(updatedData(created, 1, { listed: false }));
    await ticketUpdated(updatedData(created, 2, { listed: true }));

    await ticketUpdated(updatedData(created, 1, { listed: false }));

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ listed: true, version: 2 })]);
  });

  it('when an update carries no event, start or listing (a publisher from before events), then the replica keeps what it knows of them', async () => {
    const created = { ...eventTicketData(), listed: false };
    await ticketCreated(created);
    const { eventId: _eventId, startsAt: _startsAt, listed: _listed, ...withoutEventFields } = updatedData(created, 1, { title: 'Renamed' });

    await ticketUpdated(withoutEventFields);

    expect(await replicaOf(created.id)).toEqual([
      expect.objectContaining({ title: 'Renamed', eventId: created.eventId, startsAt: new Date('2031-06-01T19:30:00.000Z'), listed: false, version: 1 }),
    ]);
  });

  it('when a version already applied arrives again, then it changes nothing', async () => {
    const created = createdData();
    await ticketCreated(created);
    await ticketUpdated(updatedData(created, 1, { title: 'First edit' }));
    await ticketUpdated(updatedData(created, 2, { title: 'Second edit' }));

    await ticketUpdated(updatedData(created, 1, { title: 'First edit' }));

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ title: 'Second edit', version: 2 })]);
  });

  it('when version 2 arrives before version 1, then it is retried later and applies once version 1 is in', async () => {
    const created = createdData();
    await ticketCreated(created);
    const v1 = updatedData(created, 1, { title: 'Version one' });
    const v2 = updatedData(created, 2, { title: 'Version two', price: 3000 });

    await expect(ticketUpdated(v2)).rejects.toBeInstanceOf(RetryLaterError);
    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ title: 'Concert', version: 0 })]);

    await ticketUpdated(v1);
    await ticketUpdated(v2);

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ title: 'Version two', priceCents: 3000, version: 2 })]);
  });

  it('when the ticket is not in the replica yet, then it is retried later', async () => {
    const created = createdData();

    await expect(ticketUpdated(updatedData(created, 1))).rejects.toBeInstanceOf(RetryLaterError);
    expect(await replicaOf(created.id)).toEqual([]);
  });
});
