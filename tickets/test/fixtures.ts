import { randomUUID } from 'node:crypto';
import { sql, type SQLWrapper } from 'drizzle-orm';
import request from 'supertest';
import { createLogger, type Envelope, type EventCatalogue, type Subject } from '@ticketing/common';
import { tickets, type Ticket } from '../src/db/schema';
import type { Tx } from '../src/db/tickets';
import { orderCancelledHandler } from '../src/events/order-cancelled-handler';
import { orderCompletedHandler } from '../src/events/order-completed-handler';
import { orderCreatedHandler } from '../src/events/order-created-handler';
import type { TicketsTestContext } from './tickets-test-app';

export const DAY_MS = 24 * 3600 * 1000;

/** An event as the API shows it, as far as these tests read it. */
export interface EventView {
  id: string;
  name: string;
  startsAt: string;
}

/** A ticket as the API shows it, as far as these tests read it. */
export interface TicketView {
  id: string;
  title: string;
  price: number;
  faceValue: number | null;
  userId: string;
  version: number;
  status: string;
  orderId: string | null;
  eventId: string | null;
  section: string | null;
  row: string | null;
  seat: string | null;
  checkedInAt: string | null;
  listingLimits: { minPrice: number; maxPrice: number; capPercent: number | null } | null;
}

/** The ticket every test that needs one of a plain event asks for: a named seat at a face value of 185.00. */
const SEAT_AT_185 = { faceValue: 185, section: '101', row: 'C', seats: ['12'] };

/**
 * A signed-in user who organises events through the API: each event starts a month after the app's
 * clock reads, and every ticket issued is theirs to hold. Each call fails the test unless it is
 * answered 201. `session` lets another context, on the same JWT_KEY, act as the same organiser.
 */
export function organiserIn(ctx: TicketsTestContext, session: ReturnType<TicketsTestContext['user']> = ctx.user('organiser@example.com')) {
  const { user, cookie } = session;
  async function createEvent(details: object = {}): Promise<EventView> {
    const res = await request(ctx.app)
      .post('/api/events')
      .set('Cookie', cookie)
      .send({
        name: 'Cup final',
        venue: 'Wembley Stadium',
        city: 'London',
        startsAt: new Date(ctx.now().getTime() + 30 * DAY_MS).toISOString(),
        timeZone: 'Europe/London',
        category: 'sport',
        ...details,
      });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function issue(eventId: string, body: object): Promise<TicketView[]> {
    const res = await request(ctx.app).post(`/api/events/${eventId}/tickets`).set('Cookie', cookie).send(body);
    expect(res.status).toBe(201);
    return res.body.tickets;
  }
  return {
    user,
    cookie,
    createEvent,
    issue,
    /** One ticket of a new event, listed at its face value. */
    async issuedTicket(body: object = SEAT_AT_185, details: object = {}): Promise<{ event: EventView; ticket: TicketView }> {
      const event = await createEvent(details);
      const [ticket] = await issue(event.id, body);
      return { event, ticket: ticket! };
    },
  };
}

export type Organiser = ReturnType<typeof organiserIn>;

/**
 * A ticket as version 1 listed it, before events existed: a title and a price, no event, no face
 * value, listed; an order placed for it then may still hold it (`orderId`) or have paid for it (`sold`).
 * No route makes one any more, so it is written to the database as the migrations kept it.
 */
export async function version1Ticket(
  ctx: TicketsTestContext,
  row: { userId: string; title?: string; priceCents?: number; orderId?: string; sold?: boolean },
): Promise<Ticket> {
  const [ticket] = await ctx.database.db
    .insert(tickets)
    .values({ title: 'Old listing', priceCents: 2000, ...row })
    .returning();
  return ticket!;
}

/**
 * The plan PostgreSQL makes for the query when sequential scans are off: on tables as small as a
 * test's one would be cheaper, so turning them off shows whether an index can serve the query.
 */
export function planOf(ctx: TicketsTestContext, query: (tx: Tx) => SQLWrapper): Promise<string> {
  return ctx.database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const result = (await tx.execute(sql`EXPLAIN (COSTS OFF) ${query(tx)}`)) as unknown as { rows: { 'QUERY PLAN': string }[] };
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

export function envelope<S extends Subject>(subject: S, data: EventCatalogue[S]): Envelope<S> {
  return { id: randomUUID(), subject, occurredAt: new Date().toISOString(), data };
}

/**
 * Orders and payments as tickets hears of them: each call delivers the event to tickets' own
 * handler, as the bus would. `sell` is a whole purchase: the order holds the ticket, then is paid.
 */
export function ordersIn(ctx: TicketsTestContext) {
  const logger = createLogger({ service: 'tickets', level: 'silent' });
  const db = ctx.database.db;
  async function created(orderId: string, ticketId: string, buyerId: string, priceCents: number) {
    const data: EventCatalogue['order.created'] = {
      id: orderId,
      version: 0,
      status: 'created',
      userId: buyerId,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      ticket: { id: ticketId, price: priceCents },
    };
    await orderCreatedHandler(db, logger).handle(data, envelope('order.created', data));
  }
  async function completed(orderId: string, ticketId: string) {
    const data = { id: orderId, version: 1, ticket: { id: ticketId } };
    await orderCompletedHandler(db, logger).handle(data, envelope('order.completed', data));
  }
  async function cancelled(orderId: string, ticketId: string) {
    const data = { id: orderId, version: 1, ticket: { id: ticketId }, reason: 'expired' as const };
    await orderCancelledHandler(db).handle(data, envelope('order.cancelled', data));
  }
  return {
    created,
    completed,
    cancelled,
    /** The buyer orders the ticket at `priceCents` and pays: returns the order's id. */
    async sell(ticketId: string, buyerId: string, priceCents: number): Promise<string> {
      const orderId = randomUUID();
      await created(orderId, ticketId, buyerId, priceCents);
      await completed(orderId, ticketId);
      return orderId;
    },
  };
}

/** A clock the test sets by hand, for the app's `now`. */
export function manualClock(start: Date) {
  let at = start;
  return {
    now: () => at,
    set(to: Date) {
      at = to;
    },
  };
}
