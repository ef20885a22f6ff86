import request from 'supertest';
import { eq } from 'drizzle-orm';
import { tickets } from '../src/db/schema';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;
beforeAll(async () => {
  ctx = await startTicketsTestContext();
});
afterAll(() => ctx.close());

const seller = () => ctx.user('seller@example.com');

async function listTicket(cookie: string, body: object = { title: 'Concert', price: 20 }) {
  const res = await request(ctx.app).post('/api/tickets').set('Cookie', cookie).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; userId: string };
}

async function hold(id: string, orderId: string, sold = false) {
  await ctx.database.db.update(tickets).set({ orderId, sold }).where(eq(tickets.id, id));
}

describe('POST /api/tickets', () => {
  it('when a signed-in seller lists a ticket, then it answers 201 and records ticket.created in cents', async () => {
    const { user, cookie } = seller();

    const res = await request(ctx.app).post('/api/tickets').set('Cookie', cookie).send({ title: '  Opera night ', price: '45.5' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Opera night', price: 45.5, userId: user.id, version: 0, status: 'on-sale', orderId: null });
    expect(await ctx.events('ticket.created')).toContainEqual({ id: res.body.id, version: 0, title: 'Opera night', price: 4550, userId: user.id });
  });

  it('when nobody is signed in, then it answers 401 and lists nothing', async () => {
    const before = await ctx.database.db.$count(tickets);

    const res = await request(ctx.app).post('/api/tickets').send({ title: 'Concert', price: 10 });

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(await ctx.database.db.$count(tickets)).toBe(before);
  });

  it.each([
    [{ price: 10 }, 'title'],
    [{ title: '   ', price: 10 }, 'title'],
    [{ title: 'x'.repeat(201), price: 10 }, 'title'],
    [{ title: ['a'], price: 10 }, 'title'],
    [{ title: 'Concert' }, 'price'],
    [{ title: 'Concert', price: 0 }, 'price'],
    [{ title: 'Concert', price: -10 }, 'price'],
    [{ title: 'Concert', price: 10.005 }, 'price'],
    [{ title: 'Concert', price: 'ten' }, 'price'],
    [{ title: 'Concert', price: 1_000_000_000 }, 'price'],
    [{ title: 'Concert', price: { amount: 10 } }, 'price'],
  ])('when the body is %p, then it answers 400 on %s and lists nothing', async (body, field) => {
    const before = await ctx.database.db.$count(tickets);

    const res = await request(ctx.app).post('/api/tickets').set('Cookie', seller().cookie).send(body);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
    expect(await ctx.database.db.$count(tickets)).toBe(before);
  });
});

describe('prices Stripe can charge', () => {
  it.each([
    ['a cent under the minimum', 0.49],
    ['a cent over the maximum', 1_000_000],
  ])('when the price is %s, then it answers 400 naming the range in the platform currency', async (_case, price) => {
    const res = await request(ctx.app).post('/api/tickets').set('Cookie', seller().cookie).send({ title: 'Concert', price });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Price must be an amount with at most 2 decimals from 0.50 USD to 999999.99 USD', field: 'price' }] });
  });

  it.each([0.5, 999_999.99])('when the price is %s, at an end of the range, then it is listed', async (price) => {
    const res = await request(ctx.app).post('/api/tickets').set('Cookie', seller().cookie).send({ title: 'Concert', price });

    expect(res.status).toBe(201);
    expect(res.body.price).toBe(price);
  });
});

describe('GET /api/tickets/:id', () => {
  it('when the ticket exists, then anyone sees it with its status', async () => {
    const ticket = await listTicket(seller().cookie);
    const heldTicket = await listTicket(seller().cookie);
    const soldTicket = await listTicket(seller().cookie);
    await hold(heldTicket.id, '00000000-0000-4000-8000-000000000001');
    await hold(soldTicket.id, '00000000-0000-4000-8000-000000000002', true);

    const [onSale, held, sold] = await Promise.all(
      [ticket, heldTicket, soldTicket].map((t) => request(ctx.app).get(`/api/tickets/${t.id}`)),
    );

    expect([onSale!.status, held!.status, sold!.status]).toEqual([200, 200, 200]);
    expect([onSale!.body.status, held!.body.status, sold!.body.status]).toEqual(['on-sale', 'held', 'sold']);
  });

  it('when a buyer looks at a ticket, then they see the fee and total buying it costs, rounded half up', async () => {
    const ticket = await listTicket(seller().cookie, { title: 'Concert', price: 19.95 });

    const res = await request(ctx.app).get(`/api/tickets/${ticket.id}`);

    expect(res.body).toMatchObject({ price: 19.95, fee: 2, total: 21.95, currency: 'USD' });
  });

  it('when the buyer fee has a fixed part, then the total shows it', async () => {
    const priced = await startTicketsTestContext({ env: { BUYER_FEE_PERCENT: '7.5', BUYER_FEE_FIXED: '0.30' } });
    try {
      const created = await request(priced.app).post('/api/tickets').set('Cookie', priced.user().cookie).send({ title: 'Match', price: 40 });

      const res = await request(priced.app).get(`/api/tickets/${created.body.id}`);

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

describe('PUT /api/tickets/:id', () => {
  it('when the owner edits an on-sale ticket, then it bumps the version and records ticket.updated', async () => {
    const { cookie } = seller();
    const ticket = await listTicket(cookie);

    const res = await request(ctx.app).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send({ title: 'Better seats', price: 99.99 });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Better seats', price: 99.99, version: 1 });
    expect(await ctx.events('ticket.updated')).toContainEqual({
      id: ticket.id,
      version: 1,
      title: 'Better seats',
      price: 9999,
      userId: ticket.userId,
      orderId: null,
      sold: false,
    });
  });

  it('when nothing changes, then no version is spent and no event is recorded', async () => {
    const { cookie } = seller();
    const ticket = await listTicket(cookie, { title: 'Same', price: 5 });
    const before = (await ctx.events('ticket.updated')).length;

    const res = await request(ctx.app).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send({ title: 'Same', price: '5.00' });

    expect(res.body.version).toBe(0);
    expect((await ctx.events('ticket.updated')).length).toBe(before);
  });

  it('when someone else edits it, then it answers 403 and nothing changes', async () => {
    const ticket = await listTicket(seller().cookie);

    const res = await request(ctx.app).put(`/api/tickets/${ticket.id}`).set('Cookie', ctx.user().cookie).send({ title: 'Mine now', price: 1 });

    expect(res.status).toBe(403);
    expect((await request(ctx.app).get(`/api/tickets/${ticket.id}`)).body).toMatchObject({ title: 'Concert', version: 0 });
  });

  it.each([
    ['held', false, /held by an order/],
    ['sold', true, /sold/],
  ])('when the ticket is %s, then the owner gets 409 and nothing changes', async (_state, sold, message) => {
    const { cookie } = seller();
    const ticket = await listTicket(cookie);
    await hold(ticket.id, '00000000-0000-4000-8000-000000000003', sold);

    const res = await request(ctx.app).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send({ title: 'Changed', price: 1 });

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(message);
    expect((await request(ctx.app).get(`/api/tickets/${ticket.id}`)).body).toMatchObject({ title: 'Concert', price: 20 });
  });

  it('when signed out, malformed or invalid, then it answers 401, 404 and 400', async () => {
    const { cookie } = seller();
    const ticket = await listTicket(cookie);

    const signedOut = await request(ctx.app).put(`/api/tickets/${ticket.id}`).send({ title: 'x', price: 1 });
    const malformed = await request(ctx.app).put('/api/tickets/nope').set('Cookie', cookie).send({ title: 'x', price: 1 });
    const invalid = await request(ctx.app).put(`/api/tickets/${ticket.id}`).set('Cookie', cookie).send({ title: 'x', price: 0 });

    expect([signedOut.status, malformed.status, invalid.status]).toEqual([401, 404, 400]);
  });
});

describe('GET /api/tickets and /api/tickets/mine', () => {
  it('when tickets are listed, then only on-sale ones appear, newest first, page by page without gaps', async () => {
    const { cookie } = ctx.user();
    const titles = Array.from({ length: 7 }, (_, i) => `Paging gig ${i}`);
    const listed = [];
    for (const title of titles) listed.push(await listTicket(cookie, { title, price: 10 }));
    await hold(listed[3]!.id, '00000000-0000-4000-8000-000000000004');

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(ctx.app)
        .get('/api/tickets')
        .query({ q: 'paging gig', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.body.tickets.map((t: { title: string }) => t.title));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);

    expect(seen).toEqual(['Paging gig 6', 'Paging gig 5', 'Paging gig 4', 'Paging gig 2', 'Paging gig 1', 'Paging gig 0']);
    expect(pages).toBe(3);
  });

  it('when the search has wildcard characters, then they match literally', async () => {
    const { cookie } = ctx.user();
    await listTicket(cookie, { title: '100% Rock', price: 10 });
    await listTicket(cookie, { title: '1000 Rock', price: 10 });

    const res = await request(ctx.app).get('/api/tickets').query({ q: '100%' });

    expect(res.body.tickets.map((t: { title: string }) => t.title)).toEqual(['100% Rock']);
  });

  it('when the search has spaces around it, then they are ignored', async () => {
    await listTicket(ctx.user().cookie, { title: 'Trimmed search gig', price: 10 });

    const res = await request(ctx.app).get('/api/tickets').query({ q: '  trimmed search  ' });

    expect(res.body.tickets.map((t: { title: string }) => t.title)).toEqual(['Trimmed search gig']);
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

  it("when a seller asks for their listings, then they see all of theirs in every state and nobody else's", async () => {
    const me = ctx.user();
    const mine = [await listTicket(me.cookie), await listTicket(me.cookie)];
    await listTicket(ctx.user().cookie);
    await hold(mine[0]!.id, '00000000-0000-4000-8000-000000000005', true);

    const res = await request(ctx.app).get('/api/tickets/mine').set('Cookie', me.cookie);
    const signedOut = await request(ctx.app).get('/api/tickets/mine');

    expect(res.body.tickets.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [mine[1]!.id, 'on-sale'],
      [mine[0]!.id, 'sold'],
    ]);
    expect(signedOut.status).toBe(401);
  });
});
