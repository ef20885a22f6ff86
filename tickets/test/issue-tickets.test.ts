import { eq } from 'drizzle-orm';
import request from 'supertest';
import { tickets } from '../src/db/schema';
import { organiserIn, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

/** The app's clock, fixed so "before the event starts" means the same in every run. */
const START = new Date('2031-03-01T12:00:00.000Z');
let clock = START;

let ctx: TicketsTestContext;
/** One organiser for the whole file, so every event and ticket here is theirs. */
let organiser: Organiser;
beforeAll(async () => {
  ctx = await startTicketsTestContext({ now: () => clock });
  organiser = organiserIn(ctx);
});
afterEach(() => {
  clock = START;
});
afterAll(() => ctx.close());

/** The request under test, whatever it answers (organiser.issue expects 201). */
const issue = (eventId: string, body: object, cookie = organiser.cookie) =>
  request(ctx.app).post(`/api/events/${eventId}/tickets`).set('Cookie', cookie).send(body);

const ticketsOf = (eventId: string) => ctx.database.db.select().from(tickets).where(eq(tickets.eventId, eventId));
const summaryOf = async (eventId: string) => {
  const res = await request(ctx.app).get(`/api/events/${eventId}`);
  return { listedCount: res.body.listedCount, lowestPrice: res.body.lowestPrice };
};
const seats = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));

describe('POST /api/events/:id/tickets', () => {
  it('when the organiser issues seats, then it answers 201 with them, held by the organiser and listed at face value, records ticket.created for each and counts them in the summary', async () => {
    const event = await organiser.createEvent();
    const { user } = organiser;

    const res = await issue(event.id, { faceValue: '185.00', section: ' 101 ', row: 'C', seats: ['12', ' 13 '] });

    expect(res.status).toBe(201);
    expect(res.body.tickets).toHaveLength(2);
    expect(res.body.tickets[0]).toEqual({
      id: expect.any(String),
      title: 'Cup final',
      price: 185,
      faceValue: 185,
      userId: user.id,
      version: 0,
      orderId: null,
      status: 'listed',
      createdAt: expect.any(String),
      eventId: event.id,
      section: '101',
      row: 'C',
      seat: '12',
      checkedInAt: null,
      listingLimits: { minPrice: 0.45, maxPrice: 203.5, capPercent: 10 },
      currency: 'USD',
    });
    expect(res.body.tickets[1]).toMatchObject({ seat: '13' });
    const created = await ctx.events('ticket.created');
    for (const ticket of res.body.tickets) {
      expect(created).toContainEqual({
        id: ticket.id,
        version: 0,
        title: 'Cup final',
        price: 18500,
        userId: user.id,
        eventId: event.id,
        startsAt: event.startsAt,
        faceValue: 18500,
        section: '101',
        row: 'C',
        seat: ticket.seat,
        listed: true,
      });
    }
    expect(await summaryOf(event.id)).toEqual({ listedCount: 2, lowestPrice: 185 });
  });

  it('when the organiser issues a quantity of general admissions, then each has no seat, and the summary keeps the lowest price', async () => {
    const event = await organiser.createEvent();
    expect((await issue(event.id, { faceValue: 60, seats: ['A1'] })).status).toBe(201);

    const res = await issue(event.id, { faceValue: 45.5, section: 'Standing', quantity: 3 });

    expect(res.status).toBe(201);
    expect(res.body.tickets.map((ticket: { section: string; row: null; seat: null }) => [ticket.section, ticket.row, ticket.seat])).toEqual([
      ['Standing', null, null],
      ['Standing', null, null],
      ['Standing', null, null],
    ]);
    expect(await summaryOf(event.id)).toEqual({ listedCount: 4, lowestPrice: 45.5 });
  });

  it('when 100 seats are issued at once, then all of them are', async () => {
    const event = await organiser.createEvent();

    const res = await issue(event.id, { faceValue: 20, seats: seats(100) });

    expect(res.status).toBe(201);
    expect(await ticketsOf(event.id)).toHaveLength(100);
  });

  it('when nobody is signed in, then it answers 401 and issues nothing', async () => {
    const event = await organiser.createEvent();

    const res = await request(ctx.app).post(`/api/events/${event.id}/tickets`).send({ faceValue: 20, quantity: 1 });

    expect(res.status).toBe(401);
    expect(await ticketsOf(event.id)).toHaveLength(0);
  });

  it('when another user issues tickets for the event, then it answers 403 and issues nothing', async () => {
    const event = await organiser.createEvent();

    const res = await issue(event.id, { faceValue: 20, quantity: 1 }, ctx.user('stranger@example.com').cookie);

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'Only its organiser can issue tickets for an event' }] });
    expect(await ticketsOf(event.id)).toHaveLength(0);
  });

  it.each(['00000000-0000-4000-8000-00000000beef', 'not-a-uuid'])('when the event %s is unknown, then it answers 404', async (id) => {
    const res = await issue(id, { faceValue: 20, quantity: 1 });

    expect(res.status).toBe(404);
  });

  it('when the event has started, then it answers 409 and issues nothing', async () => {
    const event = await organiser.createEvent();
    clock = new Date(event.startsAt);

    const res = await issue(event.id, { faceValue: 20, quantity: 1 });

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(/has started/);
    expect(await ticketsOf(event.id)).toHaveLength(0);
  });

  it('when a seat is already issued in the same section and row, then it answers 409 naming it and issues none of the request', async () => {
    const event = await organiser.createEvent();
    expect((await issue(event.id, { faceValue: 20, section: '101', row: 'C', seats: ['11', '12'] })).status).toBe(201);

    const res = await issue(event.id, { faceValue: 20, section: '101', row: 'C', seats: ['10', '12'] });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'A ticket for seat 12, row C, section 101 of this event is already issued' }] });
    expect(await ticketsOf(event.id)).toHaveLength(2);
  });

  it('when a seat number is issued again in another row, or a seat without section and row twice, then only the second of those is refused', async () => {
    const event = await organiser.createEvent();
    expect((await issue(event.id, { faceValue: 20, section: '101', row: 'C', seats: ['12'] })).status).toBe(201);
    expect((await issue(event.id, { faceValue: 20, seats: ['12'] })).status).toBe(201);

    const otherRow = await issue(event.id, { faceValue: 20, section: '101', row: 'D', seats: ['12'] });
    const again = await issue(event.id, { faceValue: 20, seats: ['12'] });

    expect(otherRow.status).toBe(201);
    expect(again.status).toBe(409);
    expect(again.body.errors[0].message).toBe('A ticket for seat 12 of this event is already issued');
  });

  it.each([
    ['101 seats', { faceValue: 20, seats: seats(101) }, 'seats'],
    ['an empty list of seats', { faceValue: 20, seats: [] }, 'seats'],
    ['seats that are not a list', { faceValue: 20, seats: '12' }, 'seats'],
    ['a seat twice', { faceValue: 20, seats: ['12', '13', '12'] }, 'seats'],
    ['a seat twice once trimmed', { faceValue: 20, seats: ['12', ' 12'] }, 'seats'],
    ['a blank seat', { faceValue: 20, seats: ['  '] }, 'seats[0]'],
    ['a seat of 11 characters', { faceValue: 20, seats: ['x'.repeat(11)] }, 'seats[0]'],
    ['a seat that is a number', { faceValue: 20, seats: [12] }, 'seats[0]'],
    ['quantity 0', { faceValue: 20, quantity: 0 }, 'quantity'],
    ['quantity 101', { faceValue: 20, quantity: 101 }, 'quantity'],
    ['quantity 1.5', { faceValue: 20, quantity: 1.5 }, 'quantity'],
    ['both seats and quantity', { faceValue: 20, seats: ['1'], quantity: 1 }, 'seats'],
    ['neither seats nor quantity', { faceValue: 20 }, 'seats'],
    ['a section of 21 characters', { faceValue: 20, section: 'x'.repeat(21), quantity: 1 }, 'section'],
    ['an empty section', { faceValue: 20, section: ' ', quantity: 1 }, 'section'],
    ['a row of 21 characters', { faceValue: 20, row: 'x'.repeat(21), seats: ['1'] }, 'row'],
    ['a row that is not text', { faceValue: 20, row: 3, seats: ['1'] }, 'row'],
    ['no face value', { quantity: 1 }, 'faceValue'],
    ['a face value of 0', { faceValue: 0, quantity: 1 }, 'faceValue'],
    ['a face value with 3 decimals', { faceValue: 20.005, quantity: 1 }, 'faceValue'],
    ['a face value that is text', { faceValue: 'twenty', quantity: 1 }, 'faceValue'],
  ])('when the body has %s, then it answers 400 on that field and issues nothing', async (_case, body, field) => {
    const event = await organiser.createEvent();

    const res = await issue(event.id, body);

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ message: expect.any(String), field });
    expect(await ticketsOf(event.id)).toHaveLength(0);
  });

  it('when a seat is in the request twice, then the message names it', async () => {
    const event = await organiser.createEvent();

    const res = await issue(event.id, { faceValue: 20, seats: ['12', '13', '12'] });

    expect(res.body).toEqual({ errors: [{ message: 'Seat 12 is in the list twice', field: 'seats' }] });
  });

  it.each([
    ['a cent under the lowest whose total with the 10 % fee Stripe can charge', 0.44],
    ['a cent over the highest', 909_090.91],
  ])('when the face value is %s, then it answers 400 naming the range', async (_case, faceValue) => {
    const event = await organiser.createEvent();

    const res = await issue(event.id, { faceValue, quantity: 1 });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Face value must be an amount with at most 2 decimals from 0.45 USD to 909090.90 USD', field: 'faceValue' }] });
  });

  it.each([0.45, 909_090.9])('when the face value is %s, at an end of the range, then the ticket is issued', async (faceValue) => {
    const event = await organiser.createEvent();

    const res = await issue(event.id, { faceValue, quantity: 1 });

    expect(res.status).toBe(201);
    expect(res.body.tickets[0].faceValue).toBe(faceValue);
  });
});
