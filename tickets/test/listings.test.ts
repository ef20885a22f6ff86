import { eq } from 'drizzle-orm';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { tickets } from '../src/db/schema';
import { listEventTicketsByPrice } from '../src/db/tickets';
import { organiserIn, planOf, version1Ticket, type Organiser, type TicketView } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

/** The app's clock, fixed so "before the event starts" means the same in every run. */
const START = new Date('2031-03-01T12:00:00.000Z');
let clock = START;

let ctx: TicketsTestContext;
/** One organiser for the whole file, so every event here is theirs and they hold what they issue. */
let organiser: Organiser;
beforeAll(async () => {
  ctx = await startTicketsTestContext({ now: () => clock });
  organiser = organiserIn(ctx);
});
afterEach(() => {
  clock = START;
});
afterAll(() => ctx.close());

const list = (id: string, price: unknown, cookie = organiser.cookie, context = ctx) =>
  request(context.app).put(`/api/tickets/${id}/listing`).set('Cookie', cookie).send({ price });
const withdraw = (id: string, cookie = organiser.cookie) => request(ctx.app).delete(`/api/tickets/${id}/listing`).set('Cookie', cookie);
const summaryOf = async (eventId: string) => {
  const res = await request(ctx.app).get(`/api/events/${eventId}`);
  return { listedCount: res.body.listedCount, lowestPrice: res.body.lowestPrice };
};
const updatesOf = async (id: string, context = ctx) =>
  ((await context.events('ticket.updated')) as { id: string }[]).filter((data) => data.id === id);
const hold = (id: string, state: { orderId: string; sold?: boolean }) => ctx.database.db.update(tickets).set(state).where(eq(tickets.id, id));
const ORDER_ID = '00000000-0000-4000-8000-000000000001';

describe('PUT /api/tickets/:id/listing', () => {
  it('when the holder re-prices a listed ticket, then it bumps the version by 1, records ticket.updated with the listing and updates the summary', async () => {
    const { event, ticket } = await organiser.issuedTicket();
    const [cheaper] = await organiser.issue(event.id, { faceValue: 150, quantity: 1 });

    const res = await list(ticket.id, '160.25');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ticket.id, price: 160.25, faceValue: 185, status: 'listed', version: 1 });
    expect(await updatesOf(ticket.id)).toEqual([
      {
        id: ticket.id,
        version: 1,
        title: 'Cup final',
        price: 16025,
        userId: organiser.user.id,
        eventId: event.id,
        startsAt: event.startsAt,
        faceValue: 18500,
        section: '101',
        row: 'C',
        seat: '12',
        listed: true,
        orderId: null,
        sold: false,
      },
    ]);
    expect(await summaryOf(event.id)).toEqual({ listedCount: 2, lowestPrice: 150 });
    expect((await list(cheaper!.id, 140)).status).toBe(200);
    expect(await summaryOf(event.id)).toEqual({ listedCount: 2, lowestPrice: 140 });
  });

  it('when the holder lists a withdrawn ticket, then it is listed again and counted again', async () => {
    const { event, ticket } = await organiser.issuedTicket();
    expect((await withdraw(ticket.id)).status).toBe(200);

    const res = await list(ticket.id, 185);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'listed', price: 185, version: 2 });
    expect(await summaryOf(event.id)).toEqual({ listedCount: 1, lowestPrice: 185 });
  });

  it('when the ticket is listed again as it is, then nothing changes and no version is spent', async () => {
    const { ticket } = await organiser.issuedTicket();

    const res = await list(ticket.id, 185);

    expect(res.status).toBe(200);
    expect(res.body.version).toBe(0);
    expect(await updatesOf(ticket.id)).toEqual([]);
  });

  it('when the price is exactly the cap, the face value plus 10 %, then it is listed', async () => {
    const { ticket } = await organiser.issuedTicket();

    const res = await list(ticket.id, 203.5);

    expect(res.status).toBe(200);
    expect(res.body.price).toBe(203.5);
  });

  it('when the price is a cent above the cap, then it answers 400 naming the highest price allowed, and nothing changes', async () => {
    const { ticket } = await organiser.issuedTicket();

    const res = await list(ticket.id, 203.51);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'The price can be at most 203.50 USD: the face value plus 10 %', field: 'price' }] });
    expect(await updatesOf(ticket.id)).toEqual([]);
  });

  it.each([
    ['under the lowest whose total with the fee Stripe can charge', 0.44],
    ['not an amount', 'cheap'],
    ['zero', 0],
    ['missing', undefined],
  ])('when the price is %s, then it answers 400 naming the range', async (_case, price) => {
    const { ticket } = await organiser.issuedTicket();

    const res = await list(ticket.id, price);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Price must be an amount with at most 2 decimals from 0.45 USD to 909090.90 USD', field: 'price' }] });
  });

  it('when nobody is signed in, then it answers 401', async () => {
    const { ticket } = await organiser.issuedTicket();

    const res = await request(ctx.app).put(`/api/tickets/${ticket.id}/listing`).send({ price: 190 });

    expect(res.status).toBe(401);
  });

  it('when someone other than the holder lists it, then it answers 403 and nothing changes', async () => {
    const { ticket } = await organiser.issuedTicket();

    const res = await list(ticket.id, 190, ctx.user('stranger@example.com').cookie);

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Only its holder can list or withdraw a ticket' }] });
    expect(await updatesOf(ticket.id)).toEqual([]);
  });

  it.each(['00000000-0000-4000-8000-00000000beef', 'not-a-uuid'])('when the ticket %s is unknown, then it answers 404', async (id) => {
    const res = await list(id, 190);

    expect(res.status).toBe(404);
  });

  it.each([
    ['held by an order', { orderId: ORDER_ID }, /held by an order/],
    ['sold', { orderId: ORDER_ID, sold: true }, /sold/],
  ])('when the ticket is %s, then it answers 409 and nothing changes', async (_case, state, message) => {
    const { ticket } = await organiser.issuedTicket();
    await hold(ticket.id, state);

    const res = await list(ticket.id, 190);

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(message);
    expect(await updatesOf(ticket.id)).toEqual([]);
  });

  it('when the event has started, then it answers 409', async () => {
    const { event, ticket } = await organiser.issuedTicket();
    clock = new Date(event.startsAt);

    const res = await list(ticket.id, 190);

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toBe('This event has started: its tickets can no longer be listed');
  });

  it('when the ticket was listed before events existed, then listing or withdrawing it answers 409 saying it cannot be listed, and nothing changes', async () => {
    const old = await version1Ticket(ctx, { userId: organiser.user.id });

    const listed = await list(old.id, 25);
    const withdrawn = await withdraw(old.id);

    for (const res of [listed, withdrawn]) {
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ errors: [{ message: 'This ticket was listed before events existed and belongs to no event, so it cannot be listed' }] });
    }
    expect(await updatesOf(old.id)).toEqual([]);
    expect((await request(ctx.app).get(`/api/tickets/${old.id}`)).body).toMatchObject({ status: 'not-listed', price: 20, version: 0 });
  });

  it('when someone other than its holder lists a ticket from before events, then it answers 403, as for any ticket', async () => {
    const old = await version1Ticket(ctx, { userId: organiser.user.id });

    const res = await list(old.id, 25, ctx.user('stranger@example.com').cookie);

    expect(res.status).toBe(403);
  });
});

describe('a resale cap of none', () => {
  let uncapped: TicketsTestContext;
  beforeAll(async () => {
    uncapped = await startTicketsTestContext({ now: () => clock, env: { RESALE_PRICE_CAP_PERCENT: 'none', JWT_KEY: ctx.config.JWT_KEY } });
  });
  afterAll(() => uncapped.close());

  it('when the cap is lifted, then any chargeable price is listed, however far above face value, and the range still holds', async () => {
    const { ticket } = await organiserIn(uncapped, organiser).issuedTicket();

    const high = await list(ticket.id, 909_090.9, organiser.cookie, uncapped);
    const tooHigh = await list(ticket.id, 909_090.91, organiser.cookie, uncapped);

    expect(high.status).toBe(200);
    expect(high.body.price).toBe(909_090.9);
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.errors[0].message).toMatch(/^Price must be an amount/);
  });

  it('when the cap is lifted, then a ticket shows no cap and the highest chargeable price as its limit', async () => {
    const { ticket } = await organiserIn(uncapped, organiser).issuedTicket({ faceValue: 75, quantity: 1 });

    expect(ticket.listingLimits).toEqual({ minPrice: 0.45, maxPrice: 909_090.9, capPercent: null });
  });
});

describe('the listing limits a ticket shows', () => {
  const limitsOf = async (id: string, context = ctx) => (await request(context.app).get(`/api/tickets/${id}`)).body.listingLimits;

  it('when the cap is 10 %, then a ticket at a face value of 75.00 may be listed from the lowest chargeable price to 82.50, and its holder sees so in their tickets too', async () => {
    const { ticket } = await organiser.issuedTicket({ faceValue: 75, quantity: 1 });

    const mine = await request(ctx.app).get('/api/tickets/mine').set('Cookie', organiser.cookie);

    expect(ticket.listingLimits).toEqual({ minPrice: 0.45, maxPrice: 82.5, capPercent: 10 });
    expect(await limitsOf(ticket.id)).toEqual({ minPrice: 0.45, maxPrice: 82.5, capPercent: 10 });
    expect(mine.body.tickets.find((shown: TicketView) => shown.id === ticket.id).listingLimits).toEqual({ minPrice: 0.45, maxPrice: 82.5, capPercent: 10 });
  });

  it('when the face value plus the cap is more than a card can be charged, then the highest price is the chargeable one', async () => {
    const { ticket } = await organiser.issuedTicket({ faceValue: 900_000, quantity: 1 });

    expect(await limitsOf(ticket.id)).toEqual({ minPrice: 0.45, maxPrice: 909_090.9, capPercent: 10 });
  });

  it('when the cap is 7.5 %, then it shows as 7.5 and the highest price is rounded half up to the cent', async () => {
    const capped = await startTicketsTestContext({ now: () => clock, env: { RESALE_PRICE_CAP_PERCENT: '7.5' } });
    try {
      const { ticket } = await organiserIn(capped).issuedTicket({ faceValue: 75, quantity: 1 });

      expect(await limitsOf(ticket.id, capped)).toEqual({ minPrice: 0.45, maxPrice: 80.63, capPercent: 7.5 });
    } finally {
      await capped.close();
    }
  });

  it('when the ticket was listed before events existed, then it shows no limits: it cannot be listed', async () => {
    const old = await version1Ticket(ctx, { userId: organiser.user.id });

    expect(await limitsOf(old.id)).toBeNull();
  });
});

describe('DELETE /api/tickets/:id/listing', () => {
  it('when the holder withdraws a listed ticket, then it is not listed, the version goes up by 1, ticket.updated says so and the summary drops it', async () => {
    const { event, ticket } = await organiser.issuedTicket();

    const res = await withdraw(ticket.id);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'not-listed', version: 1, price: 185 });
    expect(await updatesOf(ticket.id)).toEqual([expect.objectContaining({ version: 1, listed: false, eventId: event.id, startsAt: event.startsAt })]);
    expect(await summaryOf(event.id)).toEqual({ listedCount: 0, lowestPrice: null });
    const listing = await request(ctx.app).get(`/api/events/${event.id}/tickets`);
    expect(listing.body.tickets).toEqual([]);
    const onSale = await request(ctx.app).get('/api/tickets').query({ limit: 100 });
    expect(onSale.body.tickets.map((shown: TicketView) => shown.id)).not.toContain(ticket.id);
  });

  it('when it is withdrawn again, then nothing changes', async () => {
    const { ticket } = await organiser.issuedTicket();
    await withdraw(ticket.id);

    const res = await withdraw(ticket.id);

    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(await updatesOf(ticket.id)).toHaveLength(1);
  });

  it('when the ticket is held by an order, then it answers 409', async () => {
    const { ticket } = await organiser.issuedTicket();
    await hold(ticket.id, { orderId: ORDER_ID });

    const res = await withdraw(ticket.id);

    expect(res.status).toBe(409);
    expect(await updatesOf(ticket.id)).toEqual([]);
  });

  it('when nobody is signed in, then 401; when another user withdraws it, then 403, and it stays listed', async () => {
    const { ticket } = await organiser.issuedTicket();

    const anonymous = await request(ctx.app).delete(`/api/tickets/${ticket.id}/listing`);
    const stranger = await withdraw(ticket.id, ctx.user('stranger@example.com').cookie);

    expect([anonymous.status, stranger.status]).toEqual([401, 403]);
    expect((await request(ctx.app).get(`/api/tickets/${ticket.id}`)).body.status).toBe('listed');
  });

  it('when the ticket is unknown, then it answers 404', async () => {
    expect((await withdraw('00000000-0000-4000-8000-00000000beef')).status).toBe(404);
  });
});

describe('GET /api/events/:id/tickets', () => {
  async function listAll(eventId: string, query: Record<string, string | number>): Promise<{ seats: string[]; pages: number }> {
    const seats: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(ctx.app)
        .get(`/api/events/${eventId}/tickets`)
        .query({ ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seats.push(...res.body.tickets.map((ticket: TicketView) => ticket.seat));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    return { seats, pages };
  }

  it('when anyone asks, then they get the listed tickets cheapest first with their seats, paged without gaps or repeats, and not the held or withdrawn ones', async () => {
    const event = await organiser.createEvent();
    const issued = await organiser.issue(event.id, { faceValue: 50, section: 'A', row: '1', seats: ['1', '2', '3', '4', '5', '6', '7'] });
    const bySeat = Object.fromEntries(issued.map((ticket) => [ticket.seat!, ticket.id]));
    await list(bySeat['3']!, 40);
    await list(bySeat['6']!, 45);
    await withdraw(bySeat['5']!);
    await hold(bySeat['7']!, { orderId: ORDER_ID });

    const res = await request(ctx.app).get(`/api/events/${event.id}/tickets`);
    const paged = await listAll(event.id, { sort: 'price', limit: 2 });

    expect(res.status).toBe(200);
    expect(res.body.tickets[0]).toMatchObject({ seat: '3', section: 'A', row: '1', price: 40, faceValue: 50, status: 'listed', currency: 'USD' });
    const equalPriced = ['1', '2', '4'].sort((a, b) => (bySeat[a]! < bySeat[b]! ? -1 : 1));
    expect(res.body.tickets.map((ticket: TicketView) => ticket.seat)).toEqual(['3', '6', ...equalPriced]);
    expect(res.body.nextCursor).toBeNull();
    expect(paged).toEqual({ seats: ['3', '6', ...equalPriced], pages: 3 });
  });

  it("when a later page is read cheapest first, then the event's price index gives it from the cursor on, without a sort", async () => {
    const plan = await planOf(ctx, (tx) => listEventTicketsByPrice(tx, randomUUID(), { after: { priceCents: 4000, id: randomUUID() }, limit: 21 }));

    expect(plan).toMatch(/Index Scan using tickets_event_listed_idx on tickets\n\s+Index Cond: \(.*\(event_id = .*\) AND \(ROW\(price_cents, id\) > ROW\(/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('when sorted by newest, then the latest issued come first, paged by their own cursor', async () => {
    const event = await organiser.createEvent();
    await organiser.issue(event.id, { faceValue: 30, seats: ['old'] });
    await organiser.issue(event.id, { faceValue: 20, seats: ['new'] });

    const paged = await listAll(event.id, { sort: 'newest', limit: 1 });

    expect(paged).toEqual({ seats: ['new', 'old'], pages: 2 });
  });

  it("when a cursor of one order is given with the other, or is not a cursor, then it answers 400 on cursor", async () => {
    const event = await organiser.createEvent();
    await organiser.issue(event.id, { faceValue: 30, quantity: 2 });
    const first = await request(ctx.app).get(`/api/events/${event.id}/tickets`).query({ limit: 1 });

    const mixed = await request(ctx.app).get(`/api/events/${event.id}/tickets`).query({ sort: 'newest', cursor: first.body.nextCursor });
    const garbage = await request(ctx.app).get(`/api/events/${event.id}/tickets`).query({ cursor: 'nope' });

    expect([mixed.status, garbage.status]).toEqual([400, 400]);
    expect(mixed.body.errors[0].field).toBe('cursor');
  });

  it.each([
    [{ sort: 'cheapest' }, 'sort'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
  ])('when the query is %p, then it answers 400 on %s', async (query, field) => {
    const event = await organiser.createEvent();

    const res = await request(ctx.app).get(`/api/events/${event.id}/tickets`).query(query);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe(field);
  });

  it.each(['00000000-0000-4000-8000-00000000beef', 'not-a-uuid'])('when the event %s is unknown, then it answers 404', async (id) => {
    expect((await request(ctx.app).get(`/api/events/${id}/tickets`)).status).toBe(404);
  });
});
