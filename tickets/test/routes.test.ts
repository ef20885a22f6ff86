import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { tickets } from '../src/db/schema';
import { listOnSale } from '../src/db/tickets';
import { DAY_MS, organiserIn, planOf, version1Ticket, type Organiser, type TicketView } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

/** The app's clock, fixed so "upcoming" means the same in every run, and moved by the tests that need an event to start. */
const START = new Date('2031-03-01T12:00:00.000Z');
let clock = START;

let ctx: TicketsTestContext;
let organiser: Organiser;
beforeAll(async () => {
  ctx = await startTicketsTestContext({ now: () => clock });
  organiser = organiserIn(ctx);
});
afterEach(() => {
  clock = START;
});
afterAll(() => ctx.close());

/** A word no other test's events contain, so a search for it finds only this test's tickets. */
const uniqueWord = () => `w${randomBytes(5).toString('hex')}`;
const hold = (id: string, orderId: string, sold = false) => ctx.database.db.update(tickets).set({ orderId, sold }).where(eq(tickets.id, id));
const withdraw = (id: string, cookie = organiser.cookie) => request(ctx.app).delete(`/api/tickets/${id}/listing`).set('Cookie', cookie);
const show = async (id: string) => (await request(ctx.app).get(`/api/tickets/${id}`)).body;

describe('the routes of version 1 that events replaced', () => {
  it('when a ticket is created with POST /api/tickets or edited with PUT /api/tickets/:id, then it answers 404 and nothing changes', async () => {
    const { ticket } = await organiser.issuedTicket();
    const before = await ctx.database.db.$count(tickets);

    const created = await request(ctx.app).post('/api/tickets').set('Cookie', organiser.cookie).send({ title: 'Concert', price: 20 });
    const edited = await request(ctx.app).put(`/api/tickets/${ticket.id}`).set('Cookie', organiser.cookie).send({ title: 'Touted', price: 999 });

    expect([created.status, edited.status]).toEqual([404, 404]);
    expect(await ctx.database.db.$count(tickets)).toBe(before);
    expect(await show(ticket.id)).toMatchObject({ title: 'Cup final', price: 185, version: 0 });
  });
});

describe('GET /api/tickets/:id', () => {
  it('when the ticket exists, then anyone sees it with its status', async () => {
    const event = await organiser.createEvent();
    const [listed, withdrawn, held, sold] = await organiser.issue(event.id, { faceValue: 40, quantity: 4 });
    await withdraw(withdrawn!.id);
    await hold(held!.id, '00000000-0000-4000-8000-000000000001');
    await hold(sold!.id, '00000000-0000-4000-8000-000000000002', true);

    const shown = await Promise.all([listed, withdrawn, held, sold].map((ticket) => request(ctx.app).get(`/api/tickets/${ticket!.id}`)));

    expect(shown.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    expect(shown.map((res) => res.body.status)).toEqual(['listed', 'not-listed', 'held', 'sold']);
  });

  it('when the ticket was listed before events existed, then it is not listed, or held or sold by an order placed for it then', async () => {
    const holder = ctx.user().user.id;
    const old = await version1Ticket(ctx, { userId: holder });
    const oldHeld = await version1Ticket(ctx, { userId: holder, orderId: '00000000-0000-4000-8000-000000000003' });
    const oldSold = await version1Ticket(ctx, { userId: holder, orderId: '00000000-0000-4000-8000-000000000004', sold: true });

    const shown = await Promise.all([old, oldHeld, oldSold].map((ticket) => show(ticket.id)));

    expect(shown.map((ticket) => ticket.status)).toEqual(['not-listed', 'held', 'sold']);
    expect(shown[0]).toMatchObject({ title: 'Old listing', price: 20, eventId: null, faceValue: null });
  });

  it('when a buyer looks at a ticket, then they see the fee and total buying it costs, rounded half up', async () => {
    const { ticket } = await organiser.issuedTicket({ faceValue: 19.95, quantity: 1 });

    const res = await request(ctx.app).get(`/api/tickets/${ticket.id}`);

    expect(res.body).toMatchObject({ price: 19.95, fee: 2, total: 21.95, currency: 'USD' });
  });

  it('when the buyer fee has a fixed part, then the total shows it', async () => {
    const priced = await startTicketsTestContext({ now: () => clock, env: { BUYER_FEE_PERCENT: '7.5', BUYER_FEE_FIXED: '0.30' } });
    try {
      const { ticket } = await organiserIn(priced).issuedTicket({ faceValue: 40, quantity: 1 });

      const res = await request(priced.app).get(`/api/tickets/${ticket.id}`);

      expect(res.body).toMatchObject({ price: 40, fee: 3.3, total: 43.3 });
    } finally {
      await priced.close();
    }
  });

  it.each(['00000000-0000-4000-8000-00000000beef', 'not-a-uuid', '1'])('when the id is %s, then it answers 404', async (id) => {
    const res = await request(ctx.app).get(`/api/tickets/${id}`);

    expect(res.status).toBe(404);
    expect(res.body.errors[0].message).toMatch(/not found/i);
  });
});

describe('GET /api/tickets', () => {
  /** Every page of a search, followed by its cursors: the seats in the order shown, and how many pages. */
  async function searchAll(q: string, limit: number): Promise<{ seats: (string | null)[]; pages: number }> {
    const seats: (string | null)[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(ctx.app)
        .get('/api/tickets')
        .query({ q, limit, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seats.push(...res.body.tickets.map((ticket: TicketView) => ticket.seat));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    return { seats, pages };
  }

  it('when tickets are listed, then only the listed ones of upcoming events appear, newest first, page by page without gaps', async () => {
    const word = uniqueWord();
    const later = await organiser.createEvent({ name: `${word} later`, startsAt: new Date(START.getTime() + 30 * DAY_MS).toISOString() });
    const soon = await organiser.createEvent({ name: `${word} soon`, startsAt: new Date(START.getTime() + DAY_MS).toISOString() });
    const issued = [];
    // One issue each, so each is newer than the one before.
    for (const seat of ['1', '2', '3', '4', '5', '6', '7']) issued.push(...(await organiser.issue(later.id, { faceValue: 10, seats: [seat] })));
    await hold(issued[3]!.id, '00000000-0000-4000-8000-000000000005');
    await withdraw(issued[5]!.id);
    await organiser.issue(soon.id, { faceValue: 10, seats: ['soon'] });

    const beforeSoonStarts = await searchAll(word, 2);
    clock = new Date(soon.startsAt);
    const onceSoonStarted = await searchAll(word, 2);

    expect(beforeSoonStarts).toEqual({ seats: ['soon', '7', '5', '3', '2', '1'], pages: 3 });
    expect(onceSoonStarted).toEqual({ seats: ['7', '5', '3', '2', '1'], pages: 3 });
  });

  it("when the search names an event's name, venue or city, in any case, then its listed tickets appear, and a ticket from before events never does", async () => {
    const word = uniqueWord();
    const inName = await organiser.issuedTicket({ faceValue: 10, seats: ['name'] }, { name: `The ${word} Show` });
    const inVenue = await organiser.issuedTicket({ faceValue: 10, seats: ['venue'] }, { venue: `${word.toUpperCase()} Arena` });
    const inCity = await organiser.issuedTicket({ faceValue: 10, seats: ['city'] }, { city: `${word}ton` });
    await organiser.issuedTicket({ faceValue: 10, seats: ['elsewhere'] });
    const old = await version1Ticket(ctx, { userId: organiser.user.id, title: `Old ${word}` });

    const found = await searchAll(word, 100);
    const everything = await request(ctx.app).get('/api/tickets').query({ limit: 100 });

    expect(found.seats).toEqual(['city', 'venue', 'name']);
    expect(everything.body.tickets.map((ticket: TicketView) => ticket.id)).toEqual(expect.arrayContaining([inName.ticket.id, inVenue.ticket.id, inCity.ticket.id]));
    expect(everything.body.tickets.map((ticket: TicketView) => ticket.id)).not.toContain(old.id);
  });

  it('when the search has wildcard characters, then they match literally', async () => {
    const word = uniqueWord();
    await organiser.issuedTicket({ faceValue: 10, seats: ['percent'] }, { name: `100% ${word}` });
    await organiser.issuedTicket({ faceValue: 10, seats: ['digits'] }, { name: `1000 ${word}` });

    const found = await searchAll(`100% ${word}`, 100);

    expect(found.seats).toEqual(['percent']);
  });

  it('when the search has spaces around it, then they are ignored', async () => {
    const word = uniqueWord();
    await organiser.issuedTicket({ faceValue: 10, seats: ['trimmed'] }, { name: `Trimmed ${word} gig` });

    const found = await searchAll(`  trimmed ${word}  `, 100);

    expect(found.seats).toEqual(['trimmed']);
  });

  it('when a later page is read, then tickets_listed_idx gives it in order from the cursor on, so no page sorts or passes over the ones before', async () => {
    const plan = await planOf(ctx, (tx) => listOnSale(tx, { now: clock, search: 'gig', after: { at: clock, id: randomUUID() }, limit: 21 }));

    expect(plan).toMatch(/Index Scan using tickets_listed_idx on tickets\n\s+Index Cond: \(ROW\(created_at, id\) < ROW\(/);
    expect(plan).not.toMatch(/Sort/);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 'many' }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ q: 'x'.repeat(201) }, 'q'],
  ])('when the query is %p, then it answers 400 on %s', async (query, field) => {
    const res = await request(ctx.app).get('/api/tickets').query(query);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe(field);
  });
});

describe('GET /api/tickets/mine', () => {
  it("when a holder asks for their tickets, then they see all of theirs in every state, those from before events too, and nobody else's", async () => {
    const me = organiserIn(ctx, ctx.user());
    const event = await me.createEvent();
    const [sold, withdrawn, listed] = await me.issue(event.id, { faceValue: 30, seats: ['1', '2', '3'] });
    await hold(sold!.id, '00000000-0000-4000-8000-000000000006', true);
    await withdraw(withdrawn!.id, me.cookie);
    const old = await version1Ticket(ctx, { userId: me.user.id });
    await organiserIn(ctx, ctx.user()).issuedTicket();

    const res = await request(ctx.app).get('/api/tickets/mine').set('Cookie', me.cookie);
    const signedOut = await request(ctx.app).get('/api/tickets/mine');

    const statuses = Object.fromEntries(res.body.tickets.map((ticket: TicketView) => [ticket.id, ticket.status]));
    expect(statuses).toEqual({ [sold!.id]: 'sold', [withdrawn!.id]: 'not-listed', [listed!.id]: 'listed', [old.id]: 'not-listed' });
    expect(res.body.tickets[0].id).toBe(old.id);
    expect(signedOut.status).toBe(401);
  });
});
