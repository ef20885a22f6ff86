import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { codeShownAt, metricValue } from '@ticketing/common/testing';
import { issueCredential, parseCredentialKeys } from '../src/domain/credential';
import { DAY_MS, manualClock, organiserIn, ordersIn, version1Ticket, type EventView, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

const HOUR_MS = 3600 * 1000;
const clock = manualClock(new Date());
let ctx: TicketsTestContext;
let organiser: Organiser;
let orders: ReturnType<typeof ordersIn>;
beforeAll(async () => {
  ctx = await startTicketsTestContext({ now: clock.now });
  organiser = organiserIn(ctx);
  orders = ordersIn(ctx);
});
afterAll(() => ctx.close());

interface Credential {
  ticketId: string;
  eventId: string;
  generation: number;
  token: string;
  secret: string;
  period: number;
  digits: number;
  algorithm: string;
}

const credentialOf = (ticketId: string, cookie: string) => request(ctx.app).get(`/api/tickets/${ticketId}/credential`).set('Cookie', cookie);
const holderCredential = async (ticketId: string, cookie = organiser.cookie): Promise<Credential> => {
  const res = await credentialOf(ticketId, cookie);
  expect(res.status).toBe(200);
  return res.body;
};
const scan = (eventId: string, code: unknown, cookie = organiser.cookie) =>
  request(ctx.app).post(`/api/events/${eventId}/check-ins`).set('Cookie', cookie).send({ code });
const show = async (ticketId: string) => (await request(ctx.app).get(`/api/tickets/${ticketId}`)).body;
const countsOf = (eventId: string, cookie = organiser.cookie) => request(ctx.app).get(`/api/events/${eventId}/check-ins`).set('Cookie', cookie);
/** Sets the clock to an hour before the event starts: check-in is open. */
const atTheDoor = (event: EventView) => clock.set(new Date(new Date(event.startsAt).getTime() - HOUR_MS));
/** The code the holder's phone shows now. */
const liveCode = (credential: Credential) => codeShownAt(credential, clock.now());
const refusal = (reason: string) => ({ errors: [{ message: expect.any(String), field: 'code', reason }] });
/** check_ins_total of each outcome so far. */
const checkInsCounted = async () => ({
  admitted: await metricValue(ctx.metrics.registry, 'check_ins_total', { outcome: 'admitted' }),
  refused: await metricValue(ctx.metrics.registry, 'check_ins_total', { outcome: 'refused' }),
});

/** An event at whose door the clock stands, with `count` seats issued to the organiser, listed. */
async function eventAtTheDoor(count = 2) {
  clock.set(new Date());
  const event = await organiser.createEvent();
  const issued = await organiser.issue(event.id, { faceValue: 50, section: 'Stalls', row: 'F', seats: Array.from({ length: count }, (_, i) => String(i + 1)) });
  atTheDoor(event);
  return { event, tickets: issued };
}

describe('GET /api/tickets/:id/credential', () => {
  it("when the holder asks, then it answers the ticket's token and TOTP secret, for no cache to keep", async () => {
    const { ticket, event } = await organiser.issuedTicket();

    const res = await credentialOf(ticket.id, organiser.cookie);

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      ticketId: ticket.id,
      eventId: event.id,
      generation: 0,
      token: expect.stringMatching(/^dev\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      period: 15,
      digits: 6,
      algorithm: 'SHA1',
    });
  });

  it('when anyone but the holder asks, then it answers 401 signed out and 403 signed in', async () => {
    const { ticket } = await organiser.issuedTicket();

    const [anonymous, stranger] = await Promise.all([request(ctx.app).get(`/api/tickets/${ticket.id}/credential`), credentialOf(ticket.id, ctx.user().cookie)]);

    expect([anonymous.status, stranger.status]).toEqual([401, 403]);
    expect(stranger.body).toEqual({ errors: [{ message: "Only its holder can see a ticket's code" }] });
  });

  it('when the ticket is unknown or its id malformed, then it answers 404', async () => {
    const [unknown, malformed] = await Promise.all([credentialOf(randomUUID(), organiser.cookie), credentialOf('not-an-id', organiser.cookie)]);

    expect([unknown.status, malformed.status]).toEqual([404, 404]);
  });

  it('when the ticket was listed before events existed, then it answers 409: it admits to nothing', async () => {
    const holder = ctx.user();
    const old = await version1Ticket(ctx, { userId: holder.user.id });

    const res = await credentialOf(old.id, holder.cookie);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This ticket was listed before events existed and has no code' }] });
  });
});

describe('POST /api/events/:id/check-ins', () => {
  it("when the organiser scans a holder's live code, then it answers 201 with the seat and the event's counts, and the ticket is checked in", async () => {
    const { event, tickets } = await eventAtTheDoor(3);
    const credential = await holderCredential(tickets[1]!.id);
    const before = await checkInsCounted();

    const res = await scan(event.id, liveCode(credential));

    expect(res.status).toBe(201);
    expect(await checkInsCounted()).toEqual({ ...before, admitted: before.admitted + 1 });
    expect(res.body).toEqual({ ticketId: tickets[1]!.id, checkedInAt: clock.now().toISOString(), section: 'Stalls', row: 'F', seat: '2', checkedIn: 1, issued: 3 });
    expect(await show(tickets[1]!.id)).toMatchObject({ status: 'checked-in', checkedInAt: clock.now().toISOString() });
    expect((await countsOf(event.id)).body).toEqual({ checkedIn: 1, issued: 3 });
  });

  it("when a listed ticket checks in, then its listing is withdrawn in the same change: the event's summary drops it and ticket.updated says so", async () => {
    const { event, tickets } = await eventAtTheDoor(2);
    const [ticket] = tickets;

    await scan(event.id, liveCode(await holderCredential(ticket!.id)));

    expect((await request(ctx.app).get(`/api/events/${event.id}`)).body.listedCount).toBe(1);
    const updates = ((await ctx.events('ticket.updated')) as { id: string; version: number; listed: boolean }[]).filter((e) => e.id === ticket!.id);
    expect(updates).toEqual([expect.objectContaining({ version: 1, listed: false })]);
  });

  it('when the same code is scanned again, then it answers 409 with when the ticket checked in', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const code = liveCode(await holderCredential(tickets[0]!.id));
    const first = await scan(event.id, code);

    const again = await scan(event.id, code);

    expect(again.status).toBe(409);
    expect(again.body).toEqual({ errors: [{ message: `This ticket was already checked in at ${first.body.checkedInAt}`, reason: 'already-checked-in' }] });
  });

  it('when two doors scan one code at the same moment, then one checks it in and the other answers 409, counted one admitted and one refused', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const code = liveCode(await holderCredential(tickets[0]!.id));
    const before = await checkInsCounted();

    const answers = await Promise.all([scan(event.id, code), scan(event.id, code)]);

    expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
    expect(await checkInsCounted()).toEqual({ admitted: before.admitted + 1, refused: before.refused + 1 });
    expect((await countsOf(event.id)).body).toEqual({ checkedIn: 1, issued: 1 });
  });

  it('when the code is one time step old, then it is still accepted: a scan as the code turns passes', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const credential = await holderCredential(tickets[0]!.id);

    const res = await scan(event.id, codeShownAt(credential, new Date(clock.now().getTime() - 15_000)));

    expect(res.status).toBe(201);
  });

  it('when the code is a screenshot from two time steps ago, then it answers 422 expired and nothing checks in', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const credential = await holderCredential(tickets[0]!.id);
    const screenshot = liveCode(credential);
    clock.set(new Date(clock.now().getTime() + 31_000));
    const before = await checkInsCounted();

    const res = await scan(event.id, screenshot);

    expect(res.status).toBe(422);
    expect(await checkInsCounted()).toEqual({ ...before, refused: before.refused + 1 });
    expect(res.body).toEqual(refusal('expired'));
    expect((await show(tickets[0]!.id)).status).toBe('listed');
  });

  it('when the token was tampered with, then it answers 422 unknown', async () => {
    const { event, tickets } = await eventAtTheDoor(2);
    const [kid, payload, sig, totp] = liveCode(await holderCredential(tickets[0]!.id)).split('.');
    // The payload of the other ticket under the first one's signature.
    const otherPayload = (await holderCredential(tickets[1]!.id)).token.split('.')[1];

    const answers = await Promise.all([
      scan(event.id, [kid, otherPayload, sig, totp].join('.')),
      scan(event.id, [kid, payload, sig!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), totp].join('.')),
    ]);

    expect(answers.map((res) => [res.status, res.body])).toEqual([
      [422, refusal('unknown')],
      [422, refusal('unknown')],
    ]);
  });

  it('when the code is forged with a key of our own making, or is not a code at all, then it answers 422 unknown', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const forgerKeys = parseCredentialKeys(`dev:${randomBytes(32).toString('base64')}`);
    const forged = issueCredential(forgerKeys, { ticketId: tickets[0]!.id, eventId: event.id, generation: 0 });

    const answers = await Promise.all([scan(event.id, liveCode(forged)), scan(event.id, 'https://example.com/ticket/12')]);

    expect(answers.map((res) => [res.status, res.body])).toEqual([
      [422, refusal('unknown')],
      [422, refusal('unknown')],
    ]);
  });

  it("when the code is of another event's ticket, then it answers 422 wrong-event", async () => {
    const { event } = await eventAtTheDoor(1);
    const { ticket: elsewhere } = await organiser.issuedTicket();

    const res = await scan(event.id, liveCode(await holderCredential(elsewhere.id)));

    expect(res.status).toBe(422);
    expect(res.body).toEqual(refusal('wrong-event'));
  });

  it('when an order holds the ticket while its buyer pays, then it answers 409 and nothing checks in', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const code = liveCode(await holderCredential(tickets[0]!.id));
    await orders.created(randomUUID(), tickets[0]!.id, randomUUID(), 5000);

    const res = await scan(event.id, code);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This ticket is held by an order while a buyer pays for it, so it cannot check in now', reason: 'held' }] });
    expect((await show(tickets[0]!.id)).status).toBe('held');
  });

  it('when check-in has not opened yet, or has closed, then it answers 409 saying when', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const credential = await holderCredential(tickets[0]!.id);
    const startsAt = new Date(event.startsAt).getTime();
    const scanAt = (at: number) => {
      clock.set(new Date(at));
      return scan(event.id, liveCode(credential));
    };

    const early = await scanAt(startsAt - 6 * HOUR_MS - 1000);
    const late = await scanAt(startsAt + 6 * HOUR_MS + 1000);

    expect([early.status, late.status]).toEqual([409, 409]);
    expect(early.body.errors[0].message).toBe(`Check-in opens at ${new Date(startsAt - 6 * HOUR_MS).toISOString()}, 6 hours before the event starts`);
    expect(late.body.errors[0].message).toBe(`Check-in closed at ${new Date(startsAt + 6 * HOUR_MS).toISOString()}, 6 hours after the event started`);
    expect([early.body.errors[0].reason, late.body.errors[0].reason]).toEqual(['not-open', 'not-open']);
    expect((await scanAt(startsAt + 6 * HOUR_MS)).status).toBe(201);
  });

  it('when someone other than the organiser scans, then it answers 401 signed out and 403 signed in, before reading the code', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    const code = liveCode(await holderCredential(tickets[0]!.id));

    const before = await checkInsCounted();

    const anonymous = await request(ctx.app).post(`/api/events/${event.id}/check-ins`).send({ code });
    const stranger = await scan(event.id, code, ctx.user().cookie);

    expect([anonymous.status, stranger.status]).toEqual([401, 403]);
    expect(await checkInsCounted()).toEqual(before);
    expect(stranger.body).toEqual({ errors: [{ message: 'Only its organiser can check tickets in for an event' }] });
    expect((await show(tickets[0]!.id)).status).toBe('listed');
  });

  it('when the event is unknown, then it answers 404; when the code is missing or not text, 400', async () => {
    const { event } = await eventAtTheDoor(1);
    const before = await checkInsCounted();

    const answers = await Promise.all([scan(randomUUID(), 'x'), scan(event.id, undefined), scan(event.id, 123456), scan(event.id, '   ')]);

    expect(answers.map((res) => res.status)).toEqual([404, 400, 400, 400]);
    expect(await checkInsCounted()).toEqual(before);
    expect(answers[1]!.body).toEqual({ errors: [{ message: 'code is required', field: 'code' }] });
  });
});

describe('a checked-in ticket', () => {
  it('when its holder lists or withdraws it, then it answers 409: it has been used', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    await scan(event.id, liveCode(await holderCredential(tickets[0]!.id)));

    const list = await request(ctx.app).put(`/api/tickets/${tickets[0]!.id}/listing`).set('Cookie', organiser.cookie).send({ price: 50 });
    const withdraw = await request(ctx.app).delete(`/api/tickets/${tickets[0]!.id}/listing`).set('Cookie', organiser.cookie);

    expect([list.status, withdraw.status]).toEqual([409, 409]);
    expect(list.body).toEqual({ errors: [{ message: 'This ticket has been checked in' }] });
  });

  it('when its holder asks for its credential, then it is still shown, and the ticket shows checked in', async () => {
    const { event, tickets } = await eventAtTheDoor(1);
    await scan(event.id, liveCode(await holderCredential(tickets[0]!.id)));

    expect((await credentialOf(tickets[0]!.id, organiser.cookie)).status).toBe(200);
    const mine = await request(ctx.app).get('/api/tickets/mine').set('Cookie', organiser.cookie);
    expect(mine.body.tickets.find((shown: { id: string }) => shown.id === tickets[0]!.id).status).toBe('checked-in');
  });
});

describe('GET /api/events/:id/check-ins', () => {
  it('when the organiser asks, then it counts check-ins out of tickets issued; for anyone else 401 or 403, for an unknown event 404', async () => {
    const { event } = await eventAtTheDoor(4);

    const answers = await Promise.all([
      countsOf(event.id),
      request(ctx.app).get(`/api/events/${event.id}/check-ins`),
      countsOf(event.id, ctx.user().cookie),
      countsOf(randomUUID()),
    ]);

    expect(answers.map((res) => res.status)).toEqual([200, 401, 403, 404]);
    expect(answers[0]!.body).toEqual({ checkedIn: 0, issued: 4 });
  });
});

describe('the resale loop', () => {
  it("when a ticket is sold, resold under the cap by its buyer and sold again, then the first buyer's code is refused as re-issued and the second buyer's checks in once", async () => {
    clock.set(new Date());
    const event = await organiser.createEvent({ startsAt: new Date(clock.now().getTime() + 2 * DAY_MS).toISOString() });
    const [ticket] = await organiser.issue(event.id, { faceValue: 100, seats: ['A1'] });
    const [first, second] = [ctx.user(), ctx.user()];
    const organiserCode = liveCode(await holderCredential(ticket!.id));

    await orders.sell(ticket!.id, first.user.id, 10000);
    const firstCredential = await holderCredential(ticket!.id, first.cookie);
    const relist = (price: number) => request(ctx.app).put(`/api/tickets/${ticket!.id}/listing`).set('Cookie', first.cookie).send({ price });
    const [aboveCap, atCap] = [await relist(110.01), await relist(110)];
    await orders.sell(ticket!.id, second.user.id, 11000);
    const secondCredential = await holderCredential(ticket!.id, second.cookie);
    atTheDoor(event);
    const scanned = [];
    for (const code of [organiserCode, liveCode(firstCredential), liveCode(secondCredential), liveCode(secondCredential)]) scanned.push(await scan(event.id, code));

    expect(firstCredential.generation).toBe(1);
    expect(aboveCap.status).toBe(400);
    expect(aboveCap.body.errors[0].message).toBe('The price can be at most 110.00 USD: the face value plus 10 %');
    expect(atCap.body).toMatchObject({ status: 'listed', userId: first.user.id, price: 110 });
    expect(secondCredential.generation).toBe(2);
    expect(scanned.map((res) => [res.status, res.body.errors?.[0]?.reason])).toEqual([
      [422, 're-issued'],
      [422, 're-issued'],
      [201, undefined],
      [409, 'already-checked-in'],
    ]);
    expect(await show(ticket!.id)).toMatchObject({ userId: second.user.id, status: 'checked-in' });
    expect((await credentialOf(ticket!.id, first.cookie)).status).toBe(403);
  });
});
