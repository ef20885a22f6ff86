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

function updatedData(created: TicketCreatedData, version: number, changes: Partial<TicketUpdatedData> = {}): TicketUpdatedData {
  return { ...created, version, orderId: null, sold: false, ...changes };
}

describe('ticket.created', () => {
  it('when a ticket is created, then the replica holds it at version 0', async () => {
    const created = createdData();

    await ticketCreated(created);

    expect(await replicaOf(created.id)).toEqual([
      { id: created.id, title: 'Concert', priceCents: 2000, userId: created.userId, version: 0 },
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
