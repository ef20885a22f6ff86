import { randomBytes } from 'node:crypto';
import { fakeSession } from '@ticketing/common/testing';
import request from 'supertest';
import { events } from '../src/db/schema';
import { organiserIn } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

/** The app's clock: fixed, so "in the future" means the same in every run, and moved by the tests that need an event to start. */
const START = new Date('2031-03-01T12:00:00.000Z');
let clock = START;
const DAY_MS = 24 * 3600 * 1000;
const daysFromNow = (days: number) => new Date(START.getTime() + days * DAY_MS).toISOString();

let ctx: TicketsTestContext;
beforeAll(async () => {
  ctx = await startTicketsTestContext({ now: () => clock });
});
afterEach(() => {
  clock = START;
});
afterAll(() => ctx.close());

/** A word no other test's events contain, so a search for it finds only this test's. */
const uniqueWord = () => `w${randomBytes(5).toString('hex')}`;

const details = (overrides: object = {}) => ({
  name: 'Midsummer Concert',
  venue: 'Royal Albert Hall',
  city: 'London',
  startsAt: daysFromNow(30),
  timeZone: 'Europe/London',
  category: 'concert',
  ...overrides,
});

interface EventView {
  id: string;
  name: string;
  venue: string;
  city: string;
  startsAt: string;
  version: number;
  organiserId: string;
}

async function createEvent(cookie: string, overrides: object = {}): Promise<EventView> {
  const res = await request(ctx.app).post('/api/events').set('Cookie', cookie).send(details(overrides));
  expect(res.status).toBe(201);
  return res.body as EventView;
}

async function listAll(query: Record<string, string | number>): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: request.Response = await request(ctx.app)
      .get('/api/events')
      .query({ ...query, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    names.push(...res.body.events.map((event: EventView) => event.name));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { names, pages };
}

const namesOf = (res: request.Response) => res.body.events.map((event: EventView) => event.name);

describe('POST /api/events', () => {
  it('when a signed-in user creates an event, then it answers 201 with the event, whose organiser they are, and records event.created', async () => {
    const { user, cookie } = ctx.user();

    const res = await request(ctx.app)
      .post('/api/events')
      .set('Cookie', cookie)
      .send(details({ name: '  Midsummer Concert ', venue: ' Royal Albert Hall', city: 'London  ' }));

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      organiserId: user.id,
      name: 'Midsummer Concert',
      venue: 'Royal Albert Hall',
      city: 'London',
      startsAt: daysFromNow(30),
      timeZone: 'Europe/London',
      category: 'concert',
      version: 0,
      listedCount: 0,
      lowestPrice: null,
      currency: 'USD',
    });
    expect(await ctx.events('event.created')).toContainEqual({
      id: res.body.id,
      version: 0,
      organiserId: user.id,
      name: 'Midsummer Concert',
      venue: 'Royal Albert Hall',
      city: 'London',
      startsAt: daysFromNow(30),
      timeZone: 'Europe/London',
      category: 'concert',
    });
  });

  it.each([
    ['2031-06-01T21:30:00+02:00', '2031-06-01T19:30:00.000Z'],
    ['2031-06-01T14:30-05:00', '2031-06-01T19:30:00.000Z'],
    ['2031-06-01T19:30:00.123456Z', '2031-06-01T19:30:00.123Z'],
    ['2031-06-02T01:00:00+05:30', '2031-06-01T19:30:00.000Z'],
  ])('when the start is %s, then it is kept as the instant %s', async (startsAt, instant) => {
    expect(await createEvent(ctx.user().cookie, { startsAt })).toMatchObject({ startsAt: instant });
  });

  it('when the zone is spelled in lower case, then it is kept as the zone database spells it', async () => {
    expect(await createEvent(ctx.user().cookie, { timeZone: ' europe/paris ' })).toMatchObject({ timeZone: 'Europe/Paris' });
  });

  it.each(['UTC', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'Etc/GMT+5'])('when the zone is %s, then it is accepted as it is', async (timeZone) => {
    expect(await createEvent(ctx.user().cookie, { timeZone })).toMatchObject({ timeZone });
  });

  it('when the name, venue and city are as short and as long as allowed, then it is created', async () => {
    const shortest = await createEvent(ctx.user().cookie, { name: 'AB', venue: 'O2', city: 'Ur' });
    const longest = await createEvent(ctx.user().cookie, { name: 'n'.repeat(120), venue: 'v'.repeat(120), city: 'c'.repeat(80) });

    expect([shortest.name, longest.name.length, longest.venue.length, longest.city.length]).toEqual(['AB', 120, 120, 80]);
  });

  it('when nobody is signed in, then it answers 401 and creates nothing', async () => {
    const before = await ctx.database.db.$count(events);

    const res = await request(ctx.app).post('/api/events').send(details());

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(await ctx.database.db.$count(events)).toBe(before);
  });

  it('when the session is signed with the key but names a user id that is not a UUID, then it answers 401 and creates nothing', async () => {
    const before = await ctx.database.db.$count(events);
    const forged = fakeSession(ctx.config.JWT_KEY, { id: 'admin' });

    const res = await request(ctx.app).post('/api/events').set('Cookie', forged.cookie).send(details());

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Not signed in' }] });
    expect(await ctx.database.db.$count(events)).toBe(before);
  });

  it.each([
    [{ name: undefined }, 'name'],
    [{ name: ' A ' }, 'name'],
    [{ name: 'n'.repeat(121) }, 'name'],
    [{ name: ['Midsummer Concert'] }, 'name'],
    [{ venue: undefined }, 'venue'],
    [{ venue: 'V' }, 'venue'],
    [{ venue: 'v'.repeat(121) }, 'venue'],
    [{ city: undefined }, 'city'],
    [{ city: '   ' }, 'city'],
    [{ city: 'c'.repeat(81) }, 'city'],
    [{ city: 42 }, 'city'],
    [{ startsAt: undefined }, 'startsAt'],
    [{ startsAt: 'next Friday' }, 'startsAt'],
    [{ startsAt: '2031-06-01T19:30:00' }, 'startsAt'],
    [{ startsAt: '2031-06-01' }, 'startsAt'],
    [{ startsAt: '2031-02-30T19:30:00Z' }, 'startsAt'],
    [{ startsAt: '2031-06-01T24:00:00Z' }, 'startsAt'],
    [{ startsAt: '2031-06-01T19:30:00+25:00' }, 'startsAt'],
    [{ startsAt: 1_938_000_000_000 }, 'startsAt'],
    [{ startsAt: [daysFromNow(30)] }, 'startsAt'],
    [{ timeZone: undefined }, 'timeZone'],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ timeZone: 'Europe/Londres' }, 'timeZone'],
    [{ timeZone: '+02:00' }, 'timeZone'],
    [{ timeZone: '' }, 'timeZone'],
    [{ timeZone: ['UTC'] }, 'timeZone'],
    [{ category: undefined }, 'category'],
    [{ category: 'opera' }, 'category'],
    [{ category: 'Concert' }, 'category'],
    [{ category: ['concert'] }, 'category'],
  ])('when the body has %p, then it answers 400 on %s and creates nothing', async (overrides, field) => {
    const before = await ctx.database.db.$count(events);

    const res = await request(ctx.app).post('/api/events').set('Cookie', ctx.user().cookie).send(details(overrides));

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
    expect(await ctx.database.db.$count(events)).toBe(before);
  });

  it('when the body is empty, then every field is named at once', async () => {
    const res = await request(ctx.app).post('/api/events').set('Cookie', ctx.user().cookie).send({});

    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(['name', 'venue', 'city', 'startsAt', 'timeZone', 'category']);
  });

  it.each([
    ['before the clock, though after today', '2031-02-28T12:00:00Z'],
    ['exactly now', START.toISOString()],
  ])('when the start is %s, then it answers 400 on startsAt and creates nothing', async (_case, startsAt) => {
    const before = await ctx.database.db.$count(events);

    const res = await request(ctx.app).post('/api/events').set('Cookie', ctx.user().cookie).send(details({ startsAt }));

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'startsAt must be in the future', field: 'startsAt' }] });
    expect(await ctx.database.db.$count(events)).toBe(before);
  });

  it('when the start is a millisecond after now, then it is created', async () => {
    const startsAt = new Date(START.getTime() + 1).toISOString();

    expect(await createEvent(ctx.user().cookie, { startsAt })).toMatchObject({ startsAt });
  });
});

describe('GET /api/events/:id', () => {
  it('when the event exists, then anyone sees it with its summary', async () => {
    const event = await createEvent(ctx.user().cookie);

    const res = await request(ctx.app).get(`/api/events/${event.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...event, listedCount: 0, lowestPrice: null, currency: 'USD' });
  });

  it.each(['00000000-0000-4000-8000-00000000beef', 'not-a-uuid', '1'])('when the id is %s, then it answers 404', async (id) => {
    const res = await request(ctx.app).get(`/api/events/${id}`);

    expect(res.status).toBe(404);
    expect(res.body.errors).toEqual([{ message: expect.stringMatching(/not found/i) }]);
  });
});

describe('PUT /api/events/:id', () => {
  const changed = () => details({ name: 'Midsummer Concert, moved', venue: 'Barbican', city: 'London', startsAt: daysFromNow(31), timeZone: 'UTC', category: 'festival' });

  it('when the organiser changes it, then every detail is replaced, the version goes up by one and event.updated carries it', async () => {
    const { user, cookie } = ctx.user();
    const event = await createEvent(cookie);

    const res = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send(changed());

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...changed(), id: event.id, organiserId: user.id, version: 1 });
    expect((await request(ctx.app).get(`/api/events/${event.id}`)).body).toMatchObject({ name: 'Midsummer Concert, moved', version: 1 });
    expect((await ctx.events('event.updated')).filter((data) => (data as { id: string }).id === event.id)).toEqual([
      { ...changed(), id: event.id, organiserId: user.id, version: 1 },
    ]);
  });

  it("when it is renamed or moved, then each of its tickets takes the name and a new version, and ticket.updated carries the new start", async () => {
    const organiser = organiserIn(ctx, ctx.user());
    const event = await organiser.createEvent(details());
    const issued = await organiser.issue(event.id, { faceValue: 30, quantity: 2 });

    const res = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', organiser.cookie).send(changed());

    expect(res.status).toBe(200);
    const ids = issued.map((ticket) => ticket.id);
    const updates = (await ctx.events('ticket.updated')).filter((data) => ids.includes((data as { id: string }).id));
    expect(updates).toHaveLength(2);
    expect(updates).toEqual(ids.map(() => expect.objectContaining({ title: 'Midsummer Concert, moved', startsAt: changed().startsAt, version: 1, listed: true })));
    const shown = await request(ctx.app).get(`/api/tickets/${ids[0]}`);
    expect(shown.body).toMatchObject({ title: 'Midsummer Concert, moved', version: 1, status: 'listed' });
  });

  it('when only its venue changes, then its tickets are left as they are', async () => {
    const organiser = organiserIn(ctx, ctx.user());
    const event = await organiser.createEvent(details());
    const [ticket] = await organiser.issue(event.id, { faceValue: 30, quantity: 1 });

    await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', organiser.cookie).send(details({ venue: 'Barbican' }));

    expect((await ctx.events('ticket.updated')).filter((data) => (data as { id: string }).id === ticket!.id)).toEqual([]);
    expect((await request(ctx.app).get(`/api/tickets/${ticket!.id}`)).body.version).toBe(0);
  });

  it('when it is changed twice, then each change records its own version', async () => {
    const { cookie } = ctx.user();
    const event = await createEvent(cookie);

    await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send(changed());
    const second = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send(details({ name: 'Back again' }));

    expect(second.body.version).toBe(2);
    const updates = (await ctx.events('event.updated')).filter((data) => (data as { id: string }).id === event.id);
    expect(updates.map((data) => [(data as { version: number }).version, (data as { name: string }).name])).toEqual([
      [1, 'Midsummer Concert, moved'],
      [2, 'Back again'],
    ]);
  });

  it('when nothing changes, then no version is spent and no event is recorded', async () => {
    const { cookie } = ctx.user();
    const event = await createEvent(cookie);
    const before = (await ctx.events('event.updated')).length;

    const res = await request(ctx.app)
      .put(`/api/events/${event.id}`)
      .set('Cookie', cookie)
      .send(details({ name: ' Midsummer Concert ', startsAt: daysFromNow(30).replace('Z', '+00:00') }));

    expect(res.status).toBe(200);
    expect(res.body.version).toBe(0);
    expect((await ctx.events('event.updated')).length).toBe(before);
  });

  it('when someone other than the organiser changes it, then it answers 403 and nothing changes', async () => {
    const event = await createEvent(ctx.user().cookie);

    const res = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', ctx.user().cookie).send(changed());

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Only its organiser can change an event' }] });
    expect((await request(ctx.app).get(`/api/events/${event.id}`)).body).toMatchObject({ name: 'Midsummer Concert', version: 0 });
  });

  it.each([
    ['has started', 0],
    ['started an hour ago', 1 / 24],
  ])('when the event %s, then the organiser gets 409 and nothing changes', async (_case, daysAfterStart) => {
    const { cookie } = ctx.user();
    const event = await createEvent(cookie, { startsAt: daysFromNow(2) });
    clock = new Date(new Date(event.startsAt).getTime() + daysAfterStart * DAY_MS);

    const res = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send(details({ startsAt: daysFromNow(40) }));

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This event has started and can no longer be changed' }] });
    expect((await request(ctx.app).get(`/api/events/${event.id}`)).body).toMatchObject({ startsAt: event.startsAt, version: 0 });
  });

  it('when the organiser moves it into the past, then it answers 400 on startsAt and nothing changes', async () => {
    const { cookie } = ctx.user();
    const event = await createEvent(cookie);

    const res = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send(details({ startsAt: daysFromNow(-1) }));

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'startsAt must be in the future', field: 'startsAt' }] });
    expect((await request(ctx.app).get(`/api/events/${event.id}`)).body).toMatchObject({ startsAt: event.startsAt, version: 0 });
  });

  it('when only some details are sent, then it answers 400 naming the missing ones: a change replaces all six', async () => {
    const { cookie } = ctx.user();
    const event = await createEvent(cookie);

    const res = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send({ name: 'Just the name' });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual(['venue', 'city', 'startsAt', 'timeZone', 'category']);
  });

  it('when signed out, for an unknown or malformed id, or with a bad field, then it answers 401, 404, 404 and 400', async () => {
    const { cookie } = ctx.user();
    const event = await createEvent(cookie);

    const signedOut = await request(ctx.app).put(`/api/events/${event.id}`).send(changed());
    const unknown = await request(ctx.app).put('/api/events/00000000-0000-4000-8000-00000000beef').set('Cookie', cookie).send(changed());
    const malformed = await request(ctx.app).put('/api/events/nope').set('Cookie', cookie).send(changed());
    const invalid = await request(ctx.app).put(`/api/events/${event.id}`).set('Cookie', cookie).send(details({ category: 'opera' }));

    expect([signedOut.status, unknown.status, malformed.status, invalid.status]).toEqual([401, 404, 404, 400]);
    expect(invalid.body.errors).toEqual([{ message: expect.any(String), field: 'category' }]);
  });
});

describe('GET /api/events', () => {
  it('when events are created in any order, then anyone sees the upcoming ones soonest first, and no longer sees one once it starts', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    for (const [name, days] of [
      ['third', 9],
      ['first', 1],
      ['second', 5],
    ] as const) {
      await createEvent(cookie, { name: `${word} ${name}`, startsAt: daysFromNow(days) });
    }

    const now = await request(ctx.app).get('/api/events').query({ q: word });
    clock = new Date(daysFromNow(1));
    const later = await request(ctx.app).get('/api/events').query({ q: word });

    expect(now.status).toBe(200);
    expect(namesOf(now)).toEqual([`${word} first`, `${word} second`, `${word} third`]);
    expect(namesOf(later)).toEqual([`${word} second`, `${word} third`]);
    expect(now.body.nextCursor).toBeNull();
  });

  it('when there are more than a page, then paging visits each once, in order, ties on the start broken by id', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    const created: EventView[] = [];
    // Three share a start time, so only the id orders them.
    for (const days of [3, 2, 2, 2, 7, 1, 4]) created.push(await createEvent(cookie, { name: `${word} ${created.length}`, startsAt: daysFromNow(days) }));
    const expected = [...created].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id)).map((event) => event.name);

    const { names, pages } = await listAll({ q: word, limit: 2 });

    expect(names).toEqual(expected);
    expect(pages).toBe(4);
  });

  it('when no limit is given, then a page holds 20', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    for (let i = 0; i < 21; i++) await createEvent(cookie, { name: `${word} ${i}` });

    const res = await request(ctx.app).get('/api/events').query({ q: word });

    expect(res.body.events).toHaveLength(20);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('when searching, then the text is found in the name, the venue or the city, in any case, with wildcards matched literally', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    await createEvent(cookie, { name: `${word} in the name`, startsAt: daysFromNow(1) });
    await createEvent(cookie, { name: 'In the venue', venue: `The ${word.toUpperCase()} Arena`, startsAt: daysFromNow(2) });
    await createEvent(cookie, { name: 'In the city', city: `${word}ton`, startsAt: daysFromNow(3) });
    await createEvent(cookie, { name: `100% ${word}`, startsAt: daysFromNow(4) });
    await createEvent(cookie, { name: `1000 ${word}`, startsAt: daysFromNow(5) });

    const anywhere = await request(ctx.app).get('/api/events').query({ q: ` ${word} ` });
    const literal = await request(ctx.app).get('/api/events').query({ q: `100% ${word}` });

    expect(namesOf(anywhere)).toEqual([`${word} in the name`, 'In the venue', 'In the city', `100% ${word}`, `1000 ${word}`]);
    expect(namesOf(literal)).toEqual([`100% ${word}`]);
  });

  it('when filtering by city, then only that city matches, in any case, and not a city containing it', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    await createEvent(cookie, { name: `${word} here`, city: `${word}ford` });
    await createEvent(cookie, { name: `${word} next door`, city: `New ${word}ford` });

    const res = await request(ctx.app).get('/api/events').query({ city: ` ${word.toUpperCase()}FORD ` });

    expect(namesOf(res)).toEqual([`${word} here`]);
  });

  it('when filtering by category, then only that category matches', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    for (const category of ['concert', 'sport', 'comedy', 'sport']) await createEvent(cookie, { name: `${word} ${category}`, category });

    const res = await request(ctx.app).get('/api/events').query({ q: word, category: 'sport' });

    expect(namesOf(res)).toEqual([`${word} sport`, `${word} sport`]);
  });

  it('when filtering by a range of start times, then both ends are included, and the filters combine', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    for (const days of [1, 2, 3, 4]) await createEvent(cookie, { name: `${word} day ${days}`, startsAt: daysFromNow(days), category: days === 3 ? 'theatre' : 'concert' });

    const range = await request(ctx.app).get('/api/events').query({ q: word, from: daysFromNow(2), to: daysFromNow(3) });
    const fromOnly = await request(ctx.app).get('/api/events').query({ q: word, from: daysFromNow(3) });
    const toOnly = await request(ctx.app).get('/api/events').query({ q: word, to: daysFromNow(2).replace('Z', '+01:00') });
    const oneInstant = await request(ctx.app).get('/api/events').query({ q: word, from: daysFromNow(4), to: daysFromNow(4) });
    const combined = await request(ctx.app).get('/api/events').query({ q: word, category: 'concert', from: daysFromNow(2), to: daysFromNow(4) });

    expect(namesOf(range)).toEqual([`${word} day 2`, `${word} day 3`]);
    expect(namesOf(fromOnly)).toEqual([`${word} day 3`, `${word} day 4`]);
    expect(namesOf(toOnly)).toEqual([`${word} day 1`]);
    expect(namesOf(oneInstant)).toEqual([`${word} day 4`]);
    expect(namesOf(combined)).toEqual([`${word} day 2`, `${word} day 4`]);
  });

  it('when a range starts in the past, then events that already started still stay out', async () => {
    const word = uniqueWord();
    const { cookie } = ctx.user();
    await createEvent(cookie, { name: `${word} soon`, startsAt: daysFromNow(1) });
    await createEvent(cookie, { name: `${word} later`, startsAt: daysFromNow(3) });
    clock = new Date(daysFromNow(2));

    const res = await request(ctx.app).get('/api/events').query({ q: word, from: daysFromNow(-10) });

    expect(namesOf(res)).toEqual([`${word} later`]);
  });

  it('when a filter is sent empty, as a form leaves it, then it is ignored', async () => {
    const word = uniqueWord();
    await createEvent(ctx.user().cookie, { name: `${word} unfiltered` });

    const res = await request(ctx.app).get('/api/events').query({ q: word, city: '', category: '', from: '', to: '' });

    expect(res.status).toBe(200);
    expect(namesOf(res)).toEqual([`${word} unfiltered`]);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 'many' }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ cursor: Buffer.from('2031-03-01T12:00:00.000Z|not-an-id').toString('base64url') }, 'cursor'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ city: 'c'.repeat(81) }, 'city'],
    [{ category: 'opera' }, 'category'],
    [{ category: ['sport', 'comedy'] }, 'category'],
    [{ city: ['London', 'Paris'] }, 'city'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2031-03-02' }, 'from'],
    [{ to: '2031-03-02T10:00:00' }, 'to'],
    [{ from: daysFromNow(3), to: daysFromNow(2) }, 'to'],
  ])('when the query is %p, then it answers 400 on %s', async (query, field) => {
    const res = await request(ctx.app).get('/api/events').query(query);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });
});
