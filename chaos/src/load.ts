import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_CATEGORIES, toCents } from '@ticketing/common';
import { AnswerLog, RecordingVisitor, type Reply } from './recording-visitor';

/** What a buyer means to do with an order once they have it. */
export type BuyerPlan = 'pay' | 'decline-then-pay' | 'cancel' | 'walk-away';

/** Shares of the plans, in percent: mostly paying, the rest spread over the other ways an order ends. */
const PLAN_SHARES: [BuyerPlan, number][] = [
  ['pay', 60],
  ['decline-then-pay', 10],
  ['cancel', 15],
  ['walk-away', 15],
];

/** What an organiser does at a step: mostly issue tickets, and now and then change a listing as a holder may. */
type OrganiserStep = 'issue' | 'reprice' | 'withdraw';

const STEP_SHARES: [OrganiserStep, number][] = [
  ['issue', 60],
  ['reprice', 25],
  ['withdraw', 15],
];

/** What a buyer does at a step: mostly shop, and now and then put a ticket they bought back on sale, so the resale loop runs too. */
type BuyerStep = 'shop' | 'resell';

const BUYER_STEP_SHARES: [BuyerStep, number][] = [
  ['shop', 80],
  ['resell', 20],
];

/** An organiser moves on to a new event after this many issues of the current one. */
const ISSUES_PER_EVENT = 6;
/** Tickets per issue, at most: a row of seats or a few general admissions, so that supply outruns the buyers and listings last long enough to be changed. */
const MAX_TICKETS_PER_STEP = 8;
/** Events start between one day and this far ahead, so none starts during the run and buyers browse from any date in it. */
const EVENT_HORIZON_MS = 60 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The resale cap's default: a re-price stays within it, so the tickets service has no reason to refuse one. */
const RESALE_CAP_PERCENT = 10;

export interface PlacedOrder {
  orderId: string;
  ticketId: string;
  expiresAt: number;
  plan: BuyerPlan;
}

/** A 201 from POST /api/payments: the buyer was told the order is paid. */
export interface PaidAnswer {
  orderId: string;
  ticketId: string;
  buyerId: string;
  answeredAt: number;
}

export interface LoadRecord {
  log: AnswerLog;
  placed: PlacedOrder[];
  paid: PaidAnswer[];
  /** Orders whose buyer was told they are cancelled, or that cancellation was requested (200 or 202). */
  cancelledByBuyer: Set<string>;
  /** 200s to a buyer listing a ticket they bought. */
  resaleListings: number;
}

/** A signed-up user of the run: their client, and their id, which the tickets they hold carry. */
export interface Person {
  visitor: RecordingVisitor;
  userId: string;
}

export interface Pace {
  /** An organiser's pause between steps. */
  listIntervalMs: number;
  thinkMs: number;
}

const PAY_RETRY_MS = 500;

/** An answer that says nothing about the order yet: payments has not heard of it, or a fault is in the way. */
const worthRetrying = (status: number) => status === 0 || status === 404 || status >= 500;

/** Half to one and a half times `ms`, so that the users do not move in lockstep. */
const jittered = (ms: number) => ms * (0.5 + Math.random());

/** Waits, but wakes early when the load stops. */
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

/** One of `shares` at random, each as likely as its share of 100; the first when the shares fall short. */
function chooseByShare<T>(shares: readonly [T, number][]): T {
  let roll = Math.random() * 100;
  for (const [choice, share] of shares) {
    roll -= share;
    if (roll < 0) return choice;
  }
  return shares[0]![0];
}

const pickAny = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** Cents as the decimal text a browser would send. */
const decimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Between 1.00 and 150.00. */
const randomFaceValueCents = () => 100 + Math.floor(Math.random() * 14_900);

/** From the face value up to the resale cap above it, rounded down to the cent so that it stays within. */
const randomResaleCents = (faceValueCents: number) => faceValueCents + Math.floor(Math.random() * (Math.floor((faceValueCents * RESALE_CAP_PERCENT) / 100) + 1));

export async function signUp(baseUrl: string, log: AnswerLog, timeoutMs: number, role: string, count: number): Promise<Person[]> {
  const runId = Date.now().toString(36);
  const people: Person[] = [];
  // scrypt is slow on purpose: one sign-up at a time keeps auth responsive for the rest.
  for (let i = 0; i < count; i++) {
    const visitor = new RecordingVisitor(baseUrl, log, timeoutMs);
    const reply = await visitor.call('POST', '/api/users/signup', '/api/users/signup', { email: `${role}${i}.${runId}@chaos.example`, password: 'chaos-password' });
    if (reply.status !== 201 || typeof reply.body?.id !== 'string') throw new Error(`signing up ${role} ${i} answered ${reply.status} ${JSON.stringify(reply.body)}`);
    people.push({ visitor, userId: reply.body.id });
  }
  return people;
}

/** What a holder reads of their own tickets to change a listing. */
interface OwnTicket {
  id: string;
  status: string;
  faceValue: number;
}

/** One of the visitor's tickets in one of `statuses`, from their tickets; none when they answer otherwise. */
async function ownTicket(visitor: RecordingVisitor, statuses: readonly string[]): Promise<OwnTicket | undefined> {
  const mine = await visitor.call('GET', '/api/tickets/mine', '/api/tickets/mine');
  const tickets: OwnTicket[] = mine.status === 200 && Array.isArray(mine.body?.tickets) ? mine.body.tickets : [];
  return pickAny(tickets.filter((ticket) => statuses.includes(ticket.status)));
}

/**
 * Lists the holder's ticket at a resale price, which lists it again if it was withdrawn: 403 once a
 * buyer has bought it meanwhile (it is theirs now), 409 while an order holds it. Answers the status.
 */
async function listForResale(visitor: RecordingVisitor, ticket: OwnTicket): Promise<number | undefined> {
  const faceValueCents = toCents(ticket.faceValue);
  if (!faceValueCents) return undefined;
  const reply = await visitor.call('PUT', `/api/tickets/${ticket.id}/listing`, '/api/tickets/:id/listing', { price: decimal(randomResaleCents(faceValueCents)) });
  return reply.status;
}

/**
 * A seller as the marketplace has them now: an organiser, who creates an event, issues its tickets a
 * few at a time (a row of seats, or general admissions), moves on to a new event every few issues,
 * and now and then re-prices, lists again or withdraws one of their tickets still theirs to change,
 * as their tickets show them (a ticket bought from them is its buyer's, and leaves them). An answer
 * that is not a 201 leaves nothing to follow: the next step tries afresh, a new row of seats included.
 */
class Organiser {
  private eventId: string | undefined;
  private events = 0;
  private issuesOfEvent = 0;
  private rows = 0;

  constructor(
    private readonly visitor: RecordingVisitor,
    private readonly index: number,
    private readonly pace: Pace,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const step = this.eventId ? chooseByShare(STEP_SHARES) : 'issue';
      switch (step) {
        case 'issue':
          await this.issue();
          break;
        case 'reprice':
          await this.reprice();
          break;
        case 'withdraw':
          await this.withdraw();
          break;
        default: {
          const unhandled: never = step;
          throw new Error(`no organiser step ${unhandled}`);
        }
      }
      await pause(jittered(this.pace.listIntervalMs), signal);
    }
  }

  private async currentEvent(): Promise<string | undefined> {
    if (this.eventId && this.issuesOfEvent < ISSUES_PER_EVENT) return this.eventId;
    const n = this.events;
    const reply = await this.visitor.call('POST', '/api/events', '/api/events', {
      name: `Chaos night ${this.index}-${n}`,
      venue: 'Chaos Arena',
      city: 'London',
      startsAt: new Date(Date.now() + DAY_MS + Math.random() * (EVENT_HORIZON_MS - DAY_MS)).toISOString(),
      timeZone: 'Europe/London',
      category: EVENT_CATEGORIES[n % EVENT_CATEGORIES.length],
    });
    if (reply.status !== 201 || typeof reply.body?.id !== 'string') return undefined;
    this.events += 1;
    this.issuesOfEvent = 0;
    this.eventId = reply.body.id;
    return this.eventId;
  }

  private async issue(): Promise<void> {
    const eventId = await this.currentEvent();
    if (!eventId) return;
    const count = 1 + Math.floor(Math.random() * MAX_TICKETS_PER_STEP);
    const faceValue = decimal(randomFaceValueCents());
    this.rows += 1;
    const issue =
      this.rows % 2 === 0
        ? { faceValue, section: 'Stalls', row: `R${this.rows}`, seats: Array.from({ length: count }, (_, i) => String(i + 1)) }
        : { faceValue, section: 'Standing', quantity: count };
    const reply = await this.visitor.call('POST', `/api/events/${eventId}/tickets`, '/api/events/:id/tickets', issue);
    if (reply.status === 201) this.issuesOfEvent += 1;
  }

  /** Re-prices one of their tickets, or lists again one they withdrew. */
  private async reprice(): Promise<void> {
    const ticket = await ownTicket(this.visitor, ['listed', 'not-listed']);
    if (ticket) await listForResale(this.visitor, ticket);
  }

  /** Withdraws a listed ticket from sale: 403 once a buyer has bought it meanwhile, 409 while an order holds it. */
  private async withdraw(): Promise<void> {
    const ticket = await ownTicket(this.visitor, ['listed']);
    if (ticket) await this.visitor.call('DELETE', `/api/tickets/${ticket.id}/listing`, '/api/tickets/:id/listing');
  }
}

/** Asks again while the answer says nothing yet, for as long as the hold lasts. */
async function untilAnswered(order: PlacedOrder, attempt: () => Promise<Reply>): Promise<Reply> {
  // An order shown without a readable expiresAt gets one attempt.
  const retryUntil = Number.isFinite(order.expiresAt) ? order.expiresAt : 0;
  for (;;) {
    const reply = await attempt();
    if (!worthRetrying(reply.status) || Date.now() >= retryUntil) return reply;
    await sleep(PAY_RETRY_MS);
  }
}

/**
 * A fan: browses and orders tickets of others, then pays, cancels or walks away, and now and then
 * puts a ticket they bought and kept back on sale within the resale cap, for another fan to buy.
 */
class Buyer {
  private readonly visitor: RecordingVisitor;
  private readonly userId: string;

  constructor(
    person: Person,
    private readonly record: LoadRecord,
    private readonly pace: Pace,
  ) {
    this.visitor = person.visitor;
    this.userId = person.userId;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const step = chooseByShare(BUYER_STEP_SHARES);
      switch (step) {
        case 'shop': {
          const order = await this.placeOrder();
          if (order) await this.follow(order, signal);
          break;
        }
        case 'resell':
          await this.resell();
          break;
        default: {
          const unhandled: never = step;
          throw new Error(`no buyer step ${unhandled}`);
        }
      }
      await pause(jittered(this.pace.thinkMs), signal);
    }
  }

  /** Lists one of the tickets they bought and kept, as its holder now. */
  private async resell(): Promise<void> {
    const ticket = await ownTicket(this.visitor, ['not-listed']);
    if (ticket && (await listForResale(this.visitor, ticket)) === 200) this.record.resaleListings += 1;
  }

  /** Of the tickets a page shows, one they do not hold themselves, as a browser offers only those to buy. */
  private pickOthers(page: Reply): string | undefined {
    const tickets: { id: string; userId: string }[] = page.status === 200 && Array.isArray(page.body?.tickets) ? page.body.tickets : [];
    return pickAny(tickets.filter((ticket) => ticket.userId !== this.userId))?.id;
  }

  /** Finds a ticket as a browser would and orders it; 409 (taken, or withdrawn) and 404 (orders has not heard of it yet) are normal. */
  private async placeOrder(): Promise<PlacedOrder | undefined> {
    const ticketId = Math.random() < 0.5 ? await this.browseTickets() : await this.browseEvents();
    if (!ticketId) return undefined;
    const reply = await this.visitor.call('POST', '/api/orders', '/api/orders', { ticketId });
    if (reply.status !== 201 || typeof reply.body?.id !== 'string') return undefined;
    const order: PlacedOrder = { orderId: reply.body.id, ticketId, expiresAt: Date.parse(reply.body.expiresAt), plan: chooseByShare(PLAN_SHARES) };
    this.record.placed.push(order);
    return order;
  }

  /** One of the first page of every ticket on sale, newest first. */
  private async browseTickets(): Promise<string | undefined> {
    return this.pickOthers(await this.visitor.call('GET', '/api/tickets?limit=20', '/api/tickets'));
  }

  /** The upcoming events from some date on, one of them with tickets on sale, and one of its tickets, by price or newest first. */
  private async browseEvents(): Promise<string | undefined> {
    const from = new Date(Date.now() + Math.random() * EVENT_HORIZON_MS).toISOString();
    const events = await this.visitor.call('GET', `/api/events?from=${encodeURIComponent(from)}&limit=20`, '/api/events');
    const withTickets = (events.status === 200 && Array.isArray(events.body?.events) ? events.body.events : []).filter((e: { listedCount: number }) => e.listedCount > 0);
    const event = pickAny<{ id: string }>(withTickets);
    if (!event) return undefined;
    const sort = Math.random() < 0.5 ? 'price' : 'newest';
    return this.pickOthers(await this.visitor.call('GET', `/api/events/${event.id}/tickets?sort=${sort}&limit=20`, '/api/events/:id/tickets'));
  }

  private async follow(order: PlacedOrder, signal: AbortSignal): Promise<void> {
    switch (order.plan) {
      case 'pay':
        return this.pay(order, 'pm_card_visa');
      case 'decline-then-pay':
        await this.pay(order, 'pm_card_chargeDeclined');
        return this.pay(order, 'pm_card_visa');
      case 'cancel':
        await pause(jittered(this.pace.thinkMs * 2), signal);
        return this.cancel(order);
      case 'walk-away':
        return;
      default: {
        const unhandled: never = order.plan;
        throw new Error(`no follow-up for plan ${unhandled}`);
      }
    }
  }

  private async pay(order: PlacedOrder, paymentMethodId: string): Promise<void> {
    const reply = await untilAnswered(order, () =>
      this.visitor.call('POST', '/api/payments', '/api/payments', { orderId: order.orderId, paymentMethodId }),
    );
    if (reply.status === 201) this.record.paid.push({ orderId: order.orderId, ticketId: order.ticketId, buyerId: this.userId, answeredAt: Date.now() });
  }

  private async cancel(order: PlacedOrder): Promise<void> {
    const reply = await untilAnswered(order, () => this.visitor.call('DELETE', `/api/orders/${order.orderId}`, '/api/orders/:id'));
    if (reply.status === 200 || reply.status === 202) this.record.cancelledByBuyer.add(order.orderId);
  }
}

/**
 * Organisers issue and re-price tickets and buyers shop and resell until `signal` fires; each then
 * finishes what it is doing (a payment retries at most until its order's hold ends), and the returned
 * promise resolves.
 */
export async function runLoad(
  people: { organisers: Person[]; buyers: Person[] },
  log: AnswerLog,
  pace: Pace,
  signal: AbortSignal,
): Promise<LoadRecord> {
  const record: LoadRecord = { log, placed: [], paid: [], cancelledByBuyer: new Set(), resaleListings: 0 };
  // Every user waits on the one signal at once: that many listeners are the design, not a leak.
  setMaxListeners(people.organisers.length + people.buyers.length, signal);
  await Promise.all([
    ...people.organisers.map((organiser, i) => new Organiser(organiser.visitor, i, pace).run(signal)),
    ...people.buyers.map((buyer) => new Buyer(buyer, record, pace).run(signal)),
  ]);
  return record;
}
