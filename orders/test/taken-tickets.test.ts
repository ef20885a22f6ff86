import { sql } from 'drizzle-orm';
import request from 'supertest';
import { ConflictError } from '@ticketing/common';
import { eventually } from '@ticketing/common/testing';
import { PURCHASES_CHANGED_CHANNEL } from '../src/db/purchases-changed';
import { takenTickets } from '../src/domain/taken-tickets';
import { ticketUpdatedHandler } from '../src/events/ticket-updated-handler';
import { envelopeOf, startOrdersTestContext, type OrdersTestContext } from './orders-test-app';

const TICKET = '7a1c0f39-4f7b-4c4e-9d0e-1f2a3b4c5d6e';
const reserved = new ConflictError('Ticket is already reserved');

describe('takenTickets', () => {
  const OTHER = '0b5e8a41-9c3d-4e2f-8a7b-6c5d4e3f2a1b';
  /** A read that the test finishes when it likes, counting how often it ran. */
  function controlledRead() {
    let finish!: () => void;
    const read = { runs: 0, run: () => ((read.runs += 1), new Promise<string>((resolve) => (finish = () => resolve('seen')))), finish: () => finish() };
    return read;
  }

  it('when a read ends in a refusal, then the refusal is remembered until it ages out', async () => {
    // Arrange
    let clock = 5_000;
    const taken = takenTickets({ maxAgeMs: 1000, now: () => clock });

    // Act
    (await taken.sharedRead(TICKET, async () => 'held')).refused(reserved);
    clock += 999;
    const within = taken.refusalOf(TICKET);
    clock += 1;
    const after = taken.refusalOf(TICKET);

    // Assert
    expect(within).toBe(reserved);
    expect(after).toBeUndefined();
  });

  it('when attempts come while a ticket is being read, then they share that one read', async () => {
    // Arrange
    const taken = takenTickets();
    const read = controlledRead();

    // Act
    const attempts = [taken.sharedRead(TICKET, read.run), taken.sharedRead(TICKET, read.run), taken.sharedRead(TICKET, read.run)];
    read.finish();
    const seen = (await Promise.all(attempts)).map((attempt) => attempt.seen);

    // Assert
    expect(read.runs).toBe(1);
    expect(seen).toEqual(['seen', 'seen', 'seen']);
  });

  it('when the ticket changes, then its refusal is forgotten and other tickets keep theirs', async () => {
    // Arrange
    const taken = takenTickets();
    (await taken.sharedRead(TICKET, async () => 'held')).refused(reserved);
    (await taken.sharedRead(OTHER, async () => 'held')).refused(reserved);

    // Act
    taken.forget(TICKET);

    // Assert
    expect([taken.refusalOf(TICKET), taken.refusalOf(OTHER)]).toEqual([undefined, reserved]);
  });

  it('when the LISTEN connection is re-established, then every refusal is forgotten', async () => {
    // Arrange
    const taken = takenTickets();
    (await taken.sharedRead(TICKET, async () => 'held')).refused(reserved);
    (await taken.sharedRead(OTHER, async () => 'held')).refused(reserved);

    // Act
    taken.forget();

    // Assert
    expect([taken.refusalOf(TICKET), taken.refusalOf(OTHER)]).toEqual([undefined, undefined]);
  });

  it('when the ticket changes while it is being read, then that read is not shared any more and its refusal not remembered', async () => {
    // Arrange
    const taken = takenTickets();
    const before = controlledRead();
    const reading = taken.sharedRead(TICKET, before.run);

    // Act
    taken.forget(TICKET);
    const after = controlledRead();
    const later = taken.sharedRead(TICKET, after.run);
    before.finish();
    after.finish();
    (await reading).refused(reserved);

    // Assert
    expect([before.runs, after.runs]).toEqual([1, 1]);
    expect((await later).seen).toBe('seen');
    expect(taken.refusalOf(TICKET)).toBeUndefined();
  });

  it('when another ticket changes while one is being read, then its refusal is still remembered', async () => {
    // Arrange
    const taken = takenTickets();
    const read = controlledRead();
    const reading = taken.sharedRead(TICKET, read.run);

    // Act
    taken.forget(OTHER);
    read.finish();
    (await reading).refused(reserved);

    // Assert
    expect(taken.refusalOf(TICKET)).toBe(reserved);
  });

  it('when changes pass the number it keeps while a read is under way, then the read is treated as changed', async () => {
    // Arrange
    const taken = takenTickets({ maxEntries: 1 });
    const read = controlledRead();
    const reading = taken.sharedRead(TICKET, read.run);

    // Act
    taken.forget(TICKET);
    taken.forget(OTHER);
    read.finish();
    (await reading).refused(reserved);

    // Assert
    expect(taken.refusalOf(TICKET)).toBeUndefined();
  });

  it('when purchases of one ticket come together, then they run one after another, a failed one included, and other tickets meanwhile', async () => {
    // Arrange
    const taken = takenTickets();
    const running = new Map<string, number>();
    let mostAtOnce = 0;
    const attempt = (ticketId: string, fails = false) => async () => {
      running.set(ticketId, (running.get(ticketId) ?? 0) + 1);
      mostAtOnce = Math.max(mostAtOnce, running.get(ticketId)!);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running.set(ticketId, running.get(ticketId)! - 1);
      if (fails) throw reserved;
      return ticketId;
    };
    // Act
    const outcomes = await Promise.allSettled([
      taken.oneAtATime(TICKET, attempt(TICKET, true)),
      taken.oneAtATime(TICKET, attempt(TICKET)),
      taken.oneAtATime(TICKET, attempt(TICKET)),
      taken.oneAtATime(OTHER, attempt(OTHER)),
    ]);

    // Assert
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(mostAtOnce).toBe(1);
  });

  it('when a purchase remembers what it found, then the next in the queue sees it', async () => {
    // Arrange
    const taken = takenTickets();

    // Act
    const first = taken.oneAtATime(TICKET, async (refused) => refused(reserved));
    const seenBySecond = taken.oneAtATime(TICKET, async () => taken.refusalOf(TICKET));
    await first;

    // Assert
    expect(await seenBySecond).toBe(reserved);
  });

  it('when more tickets are refused than it keeps, then the oldest refusal goes first', async () => {
    // Arrange
    const taken = takenTickets({ maxEntries: 2 });
    const ids = ['a', 'b', 'c'];

    // Act
    for (const id of ids) (await taken.sharedRead(id, async () => 'held')).refused(reserved);

    // Assert
    expect(ids.map((id) => taken.refusalOf(id))).toEqual([undefined, reserved, reserved]);
  });

  it('when its maximum age is 0, then no refusal is remembered', async () => {
    // Arrange
    const taken = takenTickets({ maxAgeMs: 0 });

    // Act
    (await taken.sharedRead(TICKET, async () => 'held')).refused(reserved);

    // Assert
    expect(taken.refusalOf(TICKET)).toBeUndefined();
  });
});

describe('POST /api/orders with refusals remembered', () => {
  let ctx: OrdersTestContext;
  let stopListening: () => Promise<void>;
  let app: ReturnType<OrdersTestContext['buildApp']>;
  beforeAll(async () => {
    ctx = await startOrdersTestContext();
    // Kept far longer than any test runs, so that only the database's announcements can end a refusal.
    const taken = takenTickets({ maxAgeMs: 10 * 60_000 });
    stopListening = await ctx.database.listen(PURCHASES_CHANGED_CHANNEL, taken.forget);
    app = ctx.buildApp({ taken });
  });
  afterAll(async () => {
    await stopListening();
    await ctx.close();
  });

  const placeOrder = (cookie: string, ticketId: string) => request(app).post('/api/orders').set('Cookie', cookie).send({ ticketId });

  it('when nothing announces a change, then a ticket refused once stays refused without a read', async () => {
    // Arrange
    const ticket = await ctx.seedTicket();
    const holder = await placeOrder(ctx.session().cookie, ticket.id);
    expect((await placeOrder(ctx.session().cookie, ticket.id)).status).toBe(409);

    // Act
    await ctx.database.db.execute(sql`ALTER TABLE orders DISABLE TRIGGER orders_purchases_changed`);
    try {
      await ctx.paymentClosed(holder.body.id);
    } finally {
      await ctx.database.db.execute(sql`ALTER TABLE orders ENABLE TRIGGER orders_purchases_changed`);
    }
    const res = await placeOrder(ctx.session().cookie, ticket.id);

    // Assert
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  });

  it('when the holding order is closed to payment, then the next buyer gets the ticket once the change is announced', async () => {
    // Arrange
    const ticket = await ctx.seedTicket();
    const holder = await placeOrder(ctx.session().cookie, ticket.id);
    expect((await placeOrder(ctx.session().cookie, ticket.id)).status).toBe(409);

    // Act
    await ctx.paymentClosed(holder.body.id);

    // Assert
    const next = ctx.session();
    const res = await eventually(async () => {
      const attempt = await placeOrder(next.cookie, ticket.id);
      expect(attempt.status).toBe(201);
      return attempt;
    });
    expect(res.body).toMatchObject({ ticket: { id: ticket.id }, status: 'created' });
  });

  it('when a sold ticket is resold, then the refusal it got as sold no longer holds once the replica changes', async () => {
    // Arrange
    const ticket = await ctx.seedTicket();
    const buyer = ctx.session();
    const paid = await placeOrder(buyer.cookie, ticket.id);
    await ctx.paymentSucceeded(paid.body.id);
    // The winner left a "reserved" refusal; the sale's announcement reaches the listener a moment later.
    await eventually(async () => {
      const refused = await placeOrder(ctx.session().cookie, ticket.id);
      expect(refused.body).toEqual({ errors: [{ message: 'Ticket is already sold' }] });
    });

    // Act: tickets moved it to its buyer, who listed it again.
    const relisted = { ...ticket, version: 1, userId: buyer.userId, listed: true, price: 2200, orderId: null, sold: false };
    await ticketUpdatedHandler(ctx.database.db).handle(relisted, envelopeOf('ticket.updated', relisted));

    // Assert
    const res = await eventually(async () => {
      const attempt = await placeOrder(ctx.session().cookie, ticket.id);
      expect(attempt.status).toBe(201);
      return attempt;
    });
    expect(res.body).toMatchObject({ price: 22, status: 'created' });
  });

  it('when an order or a ticket of the replica changes, then the database announces that ticket by its id', async () => {
    // Arrange
    const announced: string[] = [];
    const stop = await ctx.database.listen(PURCHASES_CHANGED_CHANNEL, (payload) => announced.push(payload));
    const [ordered, relisted] = [await ctx.seedTicket(), await ctx.seedTicket({ listed: false })];
    const order = await placeOrder(ctx.session().cookie, ordered.id);
    announced.length = 0;

    try {
      // Act
      await ctx.paymentClosed(order.body.id);
      const update = { ...relisted, version: 1, listed: true, orderId: null, sold: false };
      await ticketUpdatedHandler(ctx.database.db).handle(update, envelopeOf('ticket.updated', update));

      // Assert
      await eventually(() => expect(announced).toEqual(expect.arrayContaining([ordered.id, relisted.id])));
      expect(announced).not.toContain('');
    } finally {
      await stop();
    }
  });

  it('when many buyers race for one ticket, then exactly one order holds it', async () => {
    // Arrange
    const ticket = await ctx.seedTicket();

    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => placeOrder(ctx.session().cookie, ticket.id)));

    // Assert
    expect(answers.map((res) => res.status).sort()).toEqual([201, ...Array(19).fill(409)]);
  });
});
