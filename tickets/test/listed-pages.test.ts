import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { LISTED_PAGE_CACHE_CONTROL } from '@ticketing/common';
import { eventually } from '@ticketing/common/testing';
import { tickets } from '../src/db/schema';
import { organiserIn, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;
let organiser: Organiser;
beforeAll(async () => {
  // Kept far longer than any test runs, so that only the database's announcements can drop a page.
  ctx = await startTicketsTestContext({ listedPages: { maxAgeMs: 10 * 60_000 } });
  organiser = organiserIn(ctx);
});
afterAll(() => ctx.close());

const listedIds = async (path: string) => ((await request(ctx.app).get(path)).body.tickets as { id: string }[]).map((ticket) => ticket.id);

/** Runs `change` with the announcing trigger off, so that whatever the page shows after it came from memory. */
async function unannounced(change: () => Promise<unknown>) {
  await ctx.database.db.execute(sql`ALTER TABLE tickets DISABLE TRIGGER tickets_listings_changed`);
  try {
    await change();
  } finally {
    await ctx.database.db.execute(sql`ALTER TABLE tickets ENABLE TRIGGER tickets_listings_changed`);
  }
}

describe('the listings kept in memory', () => {
  it('when nothing announces a change, then a listed page is answered from memory', async () => {
    // Arrange
    const { event, ticket } = await organiser.issuedTicket();
    const path = `/api/events/${event.id}/tickets`;
    expect(await listedIds(path)).toEqual([ticket.id]);

    // Act
    await unannounced(() => ctx.database.db.update(tickets).set({ orderId: '00000000-0000-4000-8000-000000000001' }).where(eq(tickets.id, ticket.id)));

    // Assert
    expect(await listedIds(path)).toEqual([ticket.id]);
  });

  it('when a ticket is held by an order outside any request, then every listing drops it once the change is announced', async () => {
    // Arrange
    const { event, ticket } = await organiser.issuedTicket();
    const eventPath = `/api/events/${event.id}/tickets`;
    expect(await listedIds(eventPath)).toEqual([ticket.id]);
    expect(await listedIds('/api/tickets?limit=100')).toContain(ticket.id);

    // Act
    await ctx.database.db.update(tickets).set({ orderId: '00000000-0000-4000-8000-000000000002' }).where(eq(tickets.id, ticket.id));

    // Assert
    await eventually(async () => expect(await listedIds(eventPath)).toEqual([]));
    expect(await listedIds('/api/tickets?limit=100')).not.toContain(ticket.id);
  });

  it('when an event is renamed, then the events listing shows the new name', async () => {
    // Arrange
    const { event } = await organiser.issuedTicket();
    const namesListed = async () => ((await request(ctx.app).get('/api/events?limit=100')).body.events as { id: string; name: string }[]).find((e) => e.id === event.id)?.name;
    expect(await namesListed()).toBe('Cup final');

    // Act
    const renamed = await request(ctx.app)
      .put(`/api/events/${event.id}`)
      .set('Cookie', organiser.cookie)
      .send({ name: 'Cup final replay', venue: 'Wembley Stadium', city: 'London', startsAt: event.startsAt, timeZone: 'Europe/London', category: 'sport' });

    // Assert
    expect(renamed.status).toBe(200);
    await eventually(async () => expect(await namesListed()).toBe('Cup final replay'));
  });

  it('when a browser revalidates a page it holds, then it is answered 304 until the page changes', async () => {
    // Arrange
    const { event } = await organiser.issuedTicket();
    const path = `/api/events/${event.id}/tickets`;
    const first = await request(ctx.app).get(path);

    // Act
    const unchanged = await request(ctx.app).get(path).set('If-None-Match', first.headers.etag!);
    await organiser.issue(event.id, { faceValue: 90, section: '102', row: 'A', seats: ['1'] });
    const changed = await eventually(async () => {
      const res = await request(ctx.app).get(path).set('If-None-Match', first.headers.etag!);
      expect(res.status).toBe(200);
      return res;
    });

    // Assert
    expect(first.headers['cache-control']).toBe(LISTED_PAGE_CACHE_CONTROL);
    expect(unchanged.status).toBe(304);
    expect(changed.body.tickets).toHaveLength(2);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });
});
