import 'server-only';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { serverConfig } from '../config';
import { signInPath } from '../return-path';
import { ApiError, ApiUnreachableError, problemsFrom } from './errors';
import type { Credential } from '../credential';
import { SESSION_ENDED } from '../forms';
import { newestNotices } from '../notices';
import { reshapeEvent, reshapeEventPage, reshapeNoticePage, reshapeOrder, reshapePaymentSetup, reshapePayouts, reshapeSale, reshapeTicket, reshapeTicketPage, reshapeUser } from './reshape';
import type { CheckInCount, CheckInOutcome, Event, EventCategory, EventPage, NoticePage, Order, PaymentOutcome, PaymentSetup, PayoutAccount, Payouts, Sale, Ticket, TicketPage, User } from './types';
import type {
  WireCheckIn,
  WireCheckInCount,
  WireCredential,
  WireCurrentUser,
  WireEvent,
  WireEventPage,
  WireNoticePage,
  WireOrder,
  WireOrderList,
  WirePayment,
  WirePaymentConfig,
  WirePayoutConnection,
  WirePayouts,
  WireSaleList,
  WireTicket,
  WireTicketList,
  WireTicketPage,
} from './wire';

/**
 * The only code on the server that talks to the API. Every call goes to API_URL on behalf of the
 * visitor whose request is being rendered: their session cookie goes along, and so do their Host,
 * because the ingress routes by host name and must send the call to the same site the visitor is on,
 * and their protocol, because an ingress with TLS redirects what it takes for plain http to https
 * (infra/README.md says how ingress-nginx is set up to believe it).
 * node:http is used rather than fetch because fetch does not let a caller set Host.
 */

const TIMEOUT_MS = 10_000;
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/** The visitor's headers the services log: where the request came from, and with what. */
const FORWARDED_HEADERS = ['x-forwarded-for', 'user-agent'];

/**
 * The host name the visitor used. X-Forwarded-Host (set by the gateway and by ingress-nginx) comes
 * first: it survives where Host does not, as when Next.js renders a server action's redirect through
 * a request to itself.
 */
function visitorHost(incoming: Headers): string | null {
  return incoming.get('x-forwarded-host')?.split(',')[0]?.trim() || incoming.get('host');
}

/**
 * The protocol the visitor used, as the gateway or ingress in front told the web app; the first entry
 * when proxies have appended theirs. With no proxy in front the visitor came straight to the web app,
 * which serves only plain http (Next.js fills in the same when the header is missing).
 */
function visitorProtocol(incoming: Headers): string {
  return incoming.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
}

/**
 * The visitor's cookies as a Cookie header, rebuilt from their decoded values rather than copied.
 * When a server action redirects, Next.js renders the target page through a request of its own whose
 * Cookie header it re-encodes (`=` becomes `%3D`), which the session cookie's base64 does not survive.
 */
async function cookieHeader(): Promise<string> {
  return (await cookies())
    .getAll()
    .map(({ name, value }) => `${name}=${value}`)
    .join('; ');
}

interface Answer {
  status: number;
  body: unknown;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page, or the web app's own 404 for a route no service owns.
    return null;
  }
}

async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Answer> {
  const incoming = await headers();
  const url = new URL(path, serverConfig().apiUrl);
  const outgoing: Record<string, string> = { accept: 'application/json' };
  const cookie = await cookieHeader();
  if (cookie) outgoing.cookie = cookie;
  const host = visitorHost(incoming);
  if (host) outgoing.host = host;
  outgoing['x-forwarded-proto'] = visitorProtocol(incoming);
  for (const name of FORWARDED_HEADERS) {
    const value = incoming.get(name);
    if (value) outgoing[name] = value;
  }
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) {
    outgoing['content-type'] = 'application/json';
    outgoing['content-length'] = String(Buffer.byteLength(payload));
  }
  const secure = url.protocol === 'https:';
  return new Promise<Answer>((resolve, reject) => {
    const options = { method, headers: outgoing, agent: secure ? httpsAgent : httpAgent, timeout: TIMEOUT_MS };
    const onResponse = (res: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, body: parseJson(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', (err) => reject(new ApiUnreachableError(err)));
    };
    const req = secure ? httpsRequest(url, { ...options, servername: url.hostname }, onResponse) : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within ${TIMEOUT_MS} ms`)));
    req.on('error', (err) => reject(new ApiUnreachableError(err)));
    req.end(payload);
  });
}

/** The body of a 2xx answer; any other status is an ApiError carrying the API's messages. */
async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const answer = await send(method, path, body);
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, problemsFrom(answer.body, answer.status));
  return answer.body as T;
}

/** As `call`, but null when the thing is not there, or is not the visitor's to see. */
async function find<T>(path: string): Promise<T | null> {
  try {
    return await call<T>('GET', path);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}

// Users

/** Cached per request: the header and the page both ask. */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const { currentUser } = await call<WireCurrentUser>('GET', '/api/users/currentuser');
  return currentUser ? reshapeUser(currentUser) : null;
});

/** The signed-in visitor; anyone else is sent to sign in and brought back to `returnPath`. */
export async function requireUser(returnPath: string): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnPath));
  return user;
}

// Events

const EVENTS_PER_PAGE = 12;
const TICKETS_PER_PAGE = 20;

/** What the home page narrows the upcoming events by; each is left out when empty. */
export interface EventSearch {
  search?: string;
  city?: string;
  category?: EventCategory;
  /** Instants bounding the start, both included. */
  from?: Date;
  to?: Date;
  cursor?: string;
}

/** A page of a listing, or null when the API refuses its query or cursor: a link edited by hand, or gone stale. */
async function pageOrNull<T>(path: string): Promise<T | null> {
  try {
    return await call<T>('GET', path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) return null;
    throw err;
  }
}

/** One page of upcoming events, soonest first. */
export async function listUpcomingEvents({ search, city, category, from, to, cursor }: EventSearch): Promise<EventPage | null> {
  const params = new URLSearchParams({ limit: String(EVENTS_PER_PAGE) });
  if (search) params.set('q', search);
  if (city) params.set('city', city);
  if (category) params.set('category', category);
  if (from) params.set('from', from.toISOString());
  if (to) params.set('to', to.toISOString());
  if (cursor) params.set('cursor', cursor);
  const page = await pageOrNull<WireEventPage>(`/api/events?${params}`);
  return page && reshapeEventPage(page);
}

export const getEvent = cache(async (id: string): Promise<Event | null> => {
  const event = await find<WireEvent>(`/api/events/${encodeURIComponent(id)}`);
  return event && reshapeEvent(event);
});

/** An event's details as the API takes them: `startsAt` an ISO instant. */
export interface EventInput {
  name: string;
  venue: string;
  city: string;
  startsAt: string;
  timeZone: string;
  category: string;
}

export async function createEvent(input: EventInput): Promise<Event> {
  return reshapeEvent(await call<WireEvent>('POST', '/api/events', input));
}

export async function updateEvent(id: string, input: EventInput): Promise<Event> {
  return reshapeEvent(await call<WireEvent>('PUT', `/api/events/${encodeURIComponent(id)}`, input));
}

/** Tickets at one face value (decimal text, as typed): for named seats, or a number of general admissions. */
export interface TicketIssueInput {
  faceValue: string;
  section?: string;
  row?: string;
  seats?: string[];
  quantity?: number | string;
}

export async function issueTickets(eventId: string, input: TicketIssueInput): Promise<Ticket[]> {
  const { tickets } = await call<WireTicketList>('POST', `/api/events/${encodeURIComponent(eventId)}/tickets`, input);
  return tickets.map(reshapeTicket);
}

/** One page of the event's listed tickets, cheapest first. */
export async function listEventTickets(eventId: string, cursor?: string): Promise<TicketPage | null> {
  const params = new URLSearchParams({ sort: 'price', limit: String(TICKETS_PER_PAGE) });
  if (cursor) params.set('cursor', cursor);
  const page = await pageOrNull<WireTicketPage>(`/api/events/${encodeURIComponent(eventId)}/tickets?${params}`);
  return page && reshapeTicketPage(page);
}

// Tickets

export const getTicket = cache(async (id: string): Promise<Ticket | null> => {
  const ticket = await find<WireTicket>(`/api/tickets/${encodeURIComponent(id)}`);
  return ticket && reshapeTicket(ticket);
});

/** The tickets the signed-in visitor holds, in every state. */
export async function listMyTickets(): Promise<Ticket[]> {
  const { tickets } = await call<WireTicketList>('GET', '/api/tickets/mine');
  return tickets.map(reshapeTicket);
}

/** Lists the holder's ticket at `price` (decimal text, as typed), or changes the price of its listing. */
export async function listTicket(id: string, price: string): Promise<Ticket> {
  return reshapeTicket(await call<WireTicket>('PUT', `/api/tickets/${encodeURIComponent(id)}/listing`, { price }));
}

export async function withdrawTicket(id: string): Promise<Ticket> {
  return reshapeTicket(await call<WireTicket>('DELETE', `/api/tickets/${encodeURIComponent(id)}/listing`));
}

/** What the holder needs to draw the ticket's live code; null when the ticket is not the visitor's. */
export async function getCredential(ticketId: string): Promise<Credential | null> {
  return find<WireCredential>(`/api/tickets/${encodeURIComponent(ticketId)}/credential`);
}

/** The tickets the signed-in visitor sold, newest first. */
export async function listMySales(): Promise<Sale[]> {
  const { sales } = await call<WireSaleList>('GET', '/api/tickets/sales');
  return sales.map(reshapeSale);
}

// Payouts

export async function getPayouts(): Promise<Payouts> {
  return reshapePayouts(await call<WirePayouts>('GET', '/api/payouts'));
}

/** Connects the visitor's payout account: a Stripe onboarding URL to go to, or null when it is connected (at once in test mode). */
export async function connectPayouts(): Promise<{ onboardingUrl: string | null; account: PayoutAccount }> {
  return call<WirePayoutConnection>('POST', '/api/payouts/account');
}

// Notifications

async function fetchNoticePage(limit: number, cursor: string | undefined): Promise<NoticePage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  return reshapeNoticePage(await call<WireNoticePage>('GET', `/api/notifications?${params}`));
}

/** The signed-in visitor's newest `count` notices, newest first, and how many of all theirs are unread. */
export async function listNotices(count: number): Promise<NoticePage> {
  return newestNotices(count, fetchNoticePage);
}

/** How many of the signed-in visitor's notices are unread: the count the smallest page comes with. */
export async function getUnreadNoticeCount(): Promise<number> {
  return (await fetchNoticePage(1, undefined)).unreadCount;
}

/** Marks the visitor's notices read; the API ignores ids that are not theirs. */
export async function markNoticesRead(ids: string[]): Promise<void> {
  await call<unknown>('POST', '/api/notifications/read', { ids });
}

export async function markAllNoticesRead(): Promise<void> {
  await call<unknown>('POST', '/api/notifications/read', { all: true });
}

// Check-in

/** How many of the event's tickets are checked in; null when the visitor is not its organiser. */
export async function getCheckInCount(eventId: string): Promise<CheckInCount | null> {
  return find<WireCheckInCount>(`/api/events/${encodeURIComponent(eventId)}/check-ins`);
}

/** Checks in the ticket whose door code was scanned or typed, at the organiser's event. */
export async function checkIn(eventId: string, code: string): Promise<CheckInOutcome> {
  const answer = await send('POST', `/api/events/${encodeURIComponent(eventId)}/check-ins`, { code });
  if (answer.status === 201) {
    const { section, row, seat, checkedIn, issued } = answer.body as WireCheckIn;
    return { outcome: 'checked-in', place: { section, row, seat }, count: { checkedIn, issued } };
  }
  const [problem] = problemsFrom(answer.body, answer.status);
  const message = problem?.message ?? `The check-in failed (${answer.status}).`;
  if (answer.status === 409 || answer.status === 422 || answer.status === 400) return { outcome: 'refused', reason: problem?.reason ?? 'unknown', message };
  return { outcome: 'failed', message: answer.status === 401 ? SESSION_ENDED : message };
}

// Orders

/** Holds the ticket for the signed-in buyer until the order's `expiresAt`. */
export async function placeOrder(ticketId: string): Promise<Order> {
  return reshapeOrder(await call<WireOrder>('POST', '/api/orders', { ticketId }));
}

export async function listMyOrders(): Promise<Order[]> {
  const { orders } = await call<WireOrderList>('GET', '/api/orders');
  return orders.map(reshapeOrder);
}

export const getOrder = cache(async (id: string): Promise<Order | null> => {
  const order = await find<WireOrder>(`/api/orders/${encodeURIComponent(id)}`);
  return order && reshapeOrder(order);
});

export async function cancelOrder(id: string): Promise<Order> {
  return reshapeOrder(await call<WireOrder>('DELETE', `/api/orders/${encodeURIComponent(id)}`));
}

// Payments

/** Unavailable when the payments service does not answer: the order page then says so instead of failing. */
export async function getPaymentSetup(): Promise<PaymentSetup> {
  try {
    return reshapePaymentSetup(await call<WirePaymentConfig>('GET', '/api/payments/config'));
  } catch (err) {
    if (err instanceof ApiError || err instanceof ApiUnreachableError) return { mode: 'unavailable' };
    throw err;
  }
}

export async function payOrder(orderId: string, paymentMethodId: string): Promise<PaymentOutcome> {
  const answer = await send('POST', '/api/payments', { orderId, paymentMethodId });
  if (answer.status === 201) return { outcome: 'paid' };
  if (answer.status === 202) {
    const payment = answer.body as WirePayment;
    if (payment.status === 'requires_action' && payment.clientSecret) return { outcome: 'requires-action', clientSecret: payment.clientSecret };
    return { outcome: 'processing' };
  }
  const message = problemsFrom(answer.body, answer.status).map((p) => p.message).join(' ');
  if (answer.status === 402) return { outcome: 'declined', message };
  if (answer.status === 409) return { outcome: 'closed', message };
  return { outcome: 'failed', message };
}
