import { ConfigError, env, loadConfig } from '@ticketing/common';
import { DEMO_PASSWORD, demoEvents, fans, organisers, type DemoEvent } from './demo-catalogue';

/**
 * `npm run demo`: fills a running suite with upcoming events, their tickets, a few resale prices and a
 * few purchases, through the public API only, as organisers and fans would.
 */
const demoEnv = {
  DEMO_URL: env.url({ default: 'http://localhost:3000', protocols: ['http', 'https'] }),
};

/** A signed-in user of the API: JSON in and out, the session cookie kept. */
class Account {
  private cookie = '';

  constructor(private readonly baseUrl: string, readonly email: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('session='));
    if (session) this.cookie = session.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Answers the body of a response with the expected status, or throws with what the API said. */
  async expect(status: number, method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.call(method, path, body);
    if (res.status !== status) throw new DemoError(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export class DemoError extends Error {}

/** Signs up, or signs in when the email already has an account, so the demo can run again. */
async function signedIn(baseUrl: string, email: string): Promise<Account> {
  const account = new Account(baseUrl, email);
  const signup = await account.call('POST', '/api/users/signup', { email, password: DEMO_PASSWORD });
  if (signup.status === 201) return account;
  if (signup.status !== 409) throw new DemoError(`signing up ${email} answered ${signup.status}: ${JSON.stringify(signup.body)}`);
  await account.expect(200, 'POST', '/api/users/signin', { email, password: DEMO_PASSWORD });
  return account;
}

/** Another service learns of a ticket or an order over the bus: until then it answers 404. */
async function onceReplicated(call: () => Promise<{ status: number; body: any }>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call();
    if (res.status !== 404) return res;
    if (Date.now() > deadline) throw new DemoError(`${what} was still unknown after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The offset from UTC of `zone` at the instant `utcMs`, in milliseconds. */
function offsetAt(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant it is `hour`:`minute` in `zone`, `inDays` days after `now`'s date there. The offset is
 * looked up twice, so a change to or from summer time between now and then is taken into account.
 */
export function localEvening(now: Date, zone: string, inDays: number, hour = 19, minute = 30): Date {
  const today = new Date(now.getTime() + offsetAt(now.getTime(), zone));
  const wallClock = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + inDays, hour, minute);
  const guess = wallClock - offsetAt(wallClock, zone);
  return new Date(wallClock - offsetAt(guess, zone));
}

/** A price `markup` percent above the face value, rounded half up to the cent as the cap is. */
const markedUp = (faceValue: number, markup: number) => Math.floor((Math.round(faceValue * 100) * (100 + markup) + 50) / 100) / 100;

export interface DemoResult {
  filled: boolean;
  events: number;
  tickets: number;
  cities: string[];
  resalePriced: number;
  bought: number;
  held: number;
}

type Say = (line: string) => void;

async function fillEvent(event: DemoEvent, organiser: Account, fan: Account, now: Date, say: Say) {
  const { id } = await organiser.expect(201, 'POST', '/api/events', {
    name: event.name, venue: event.venue, city: event.city, timeZone: event.timeZone, category: event.category,
    startsAt: localEvening(now, event.timeZone, event.inDays).toISOString(),
  });
  const tickets: { id: string; faceValue: number; listingLimits: { maxPrice: number } }[] = [];
  for (const issue of event.issues) tickets.push(...(await organiser.expect(201, 'POST', `/api/events/${id}/tickets`, issue)).tickets);

  // Within whatever cap the suite runs with (RESALE_PRICE_CAP_PERCENT), as the API reports it.
  const resales = (event.resaleMarkups ?? []).map((markup, i) => {
    const ticket = tickets[i]!;
    return { ticket, price: Math.min(markedUp(ticket.faceValue, markup), ticket.listingLimits.maxPrice) };
  });
  for (const { ticket, price } of resales) await organiser.expect(200, 'PUT', `/api/tickets/${ticket.id}/listing`, { price });

  // Fans take tickets from the end, away from the re-priced ones.
  const taken = tickets.slice(tickets.length - (event.bought ?? 0) - (event.held ?? 0));
  const held = taken.slice(0, event.held ?? 0);
  for (const ticket of taken) {
    const order = await onceReplicated(() => fan.call('POST', '/api/orders', { ticketId: ticket.id }), `ticket ${ticket.id} in orders`);
    if (order.status !== 201) throw new DemoError(`ordering ticket ${ticket.id} answered ${order.status}: ${JSON.stringify(order.body)}`);
    if (held.includes(ticket)) continue;
    const paid = await onceReplicated(() => fan.call('POST', '/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' }), `order ${order.body.id} in payments`);
    if (paid.status !== 201) throw new DemoError(`paying order ${order.body.id} answered ${paid.status}: ${JSON.stringify(paid.body)}`);
  }

  const when = new Intl.DateTimeFormat('en-GB', { timeZone: event.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(localEvening(now, event.timeZone, event.inDays));
  const notes = [
    resales.length && `${resales.length} resale-priced (${resales.map((r) => `${r.ticket.faceValue} → ${r.price}`).join(', ')})`,
    event.bought && `${event.bought} bought by ${fan.email}`,
    held.length && `${held.length} held by an unpaid order of ${fan.email}`,
  ].filter(Boolean);
  say(`${event.name}, ${event.venue}, ${event.city}, ${when} ${event.timeZone}: ${tickets.length} tickets${notes.length ? `; ${notes.join('; ')}` : ''}`);
  return { tickets: tickets.length, resalePriced: resales.length, bought: event.bought ?? 0, held: held.length };
}

/**
 * Fills the marketplace at `baseUrl`. A marketplace that already shows the demo's first event is left
 * as it is, unless `again`, so that running the demo twice does not list everything twice.
 */
export async function fillMarketplace(baseUrl: string, { again = false, say = (() => {}) as Say, now = new Date() } = {}): Promise<DemoResult> {
  const accounts = new Map<string, Account>();
  for (const email of [...organisers, ...fans]) accounts.set(email, await signedIn(baseUrl, email));
  const cities = [...new Set(demoEvents.map((e) => e.city))];
  const result: DemoResult = { filled: false, events: 0, tickets: 0, cities, resalePriced: 0, bought: 0, held: 0 };

  const marker = demoEvents[0]!;
  const organiserIds = new Set<string>();
  for (const email of organisers) organiserIds.add((await accounts.get(email)!.expect(200, 'GET', '/api/users/currentuser')).currentUser.id);
  const found = await accounts.get(marker.organiser)!.expect(200, 'GET', `/api/events?q=${encodeURIComponent(marker.name)}&limit=100`);
  if (!again && found.events.some((e: { name: string; organiserId: string }) => e.name === marker.name && organiserIds.has(e.organiserId))) {
    say(`already filled: "${marker.name}" is on sale; run with --again to add the demo's events once more`);
    return result;
  }

  for (const [i, event] of demoEvents.entries()) {
    const filled = await fillEvent(event, accounts.get(event.organiser)!, accounts.get(fans[i % fans.length]!)!, now, say);
    result.events += 1;
    result.tickets += filled.tickets;
    result.resalePriced += filled.resalePriced;
    result.bought += filled.bought;
    result.held += filled.held;
  }
  result.filled = true;
  return result;
}

const say: Say = (line) => process.stdout.write(`${'demo'.padEnd(11)}| ${line}\n`);

async function main() {
  const { DEMO_URL } = loadConfig(demoEnv);
  const baseUrl = DEMO_URL.replace(/\/+$/, '');
  const result = await fillMarketplace(baseUrl, { again: process.argv.includes('--again'), say });
  if (result.filled) {
    say(
      `added ${result.events} events in ${result.cities.length} cities (${result.cities.join(', ')}) with ${result.tickets} tickets: ` +
        `${result.resalePriced} re-priced above face value within the resale cap, ${result.bought} bought and paid with pm_card_visa, ` +
        `${result.held} held by unpaid orders until their hold ends`,
    );
    say("a bought ticket is its fan's now: they hold it in My tickets with its live code for the door, and may resell it");
  }
  say(`organisers: ${organisers.join(', ')}`);
  say(`fans: ${fans.join(', ')}`);
  say(`every demo account's password: ${DEMO_PASSWORD}`);
  say(`open ${baseUrl}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const message = err instanceof ConfigError || err instanceof DemoError ? err.message : String((err as Error)?.stack ?? err);
    const unreachable = err instanceof TypeError && /fetch failed/.test(err.message);
    process.stderr.write(`${unreachable ? `nothing answers at ${process.env.DEMO_URL ?? 'http://localhost:3000'}: start Ticketing with npm start first` : message}\n`);
    process.exit(1);
  });
}
