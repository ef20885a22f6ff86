import { eventDetails } from './event-tickets';

/**
 * Who may call what: every API route against the three kinds of caller, with the status each gets.
 * authorization-matrix.test.ts runs it against the real services, and fails for a route that has
 * no row here, so each new route arrives with its row.
 *
 * - `anonymous`: no session;
 * - `another user`: signed in, but not the one the resource belongs to;
 * - `owner`: signed in as the one it belongs to (the ticket's holder, the event's organiser, the
 *   order's buyer); for a route about no resource, simply signed in.
 */
export type Caller = 'anonymous' | 'another user' | 'owner';
export const callers: readonly Caller[] = ['anonymous', 'another user', 'owner'];

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type ServiceName = 'auth' | 'tickets' | 'orders' | 'payments' | 'notifications';

/** What a row's request may refer to, made fresh for each cell so one cell's change cannot affect another. */
export interface Fixtures {
  /** A listed ticket of an upcoming event the seller organises, issued at a face value of 30.00, which the seller holds, already known to orders. */
  ticket(): Promise<{ id: string }>;
  /** An upcoming event the seller organises. */
  event(): Promise<{ id: string }>;
  /** The code the seller's phone shows now for a ticket they hold, of an event they organise that starts within the hour: its doors are open. */
  admission(): Promise<{ eventId: string; code: string }>;
  /** An order of the buyer for a new ticket of the seller, already known to payments. */
  order(): Promise<{ id: string }>;
  /** The email and password of whoever `caller` signs in as (the buyer for anonymous). */
  credentials(caller: Caller): { email: string; password: string };
}

export interface MatrixRow {
  service: ServiceName;
  method: Method;
  /** The route as Express declares it. */
  route: string;
  /** Whose resource it is: the seller's tickets and events, the buyer's orders. */
  owner: 'seller' | 'buyer';
  expected: Record<Caller, number>;
  request(fixtures: Fixtures, caller: Caller): Promise<{ path: string; body?: unknown }>;
}

const everyone = (status: number): Record<Caller, number> => ({ anonymous: status, 'another user': status, owner: status });
const signedIn = (status: number): Record<Caller, number> => ({ anonymous: 401, 'another user': status, owner: status });
const ownerOnly = (status: number): Record<Caller, number> => ({ anonymous: 401, 'another user': 403, owner: status });
let fresh = 0;
const freshEmail = () => `matrix-${process.pid}-${++fresh}@example.com`;
export const authorizationMatrix: MatrixRow[] = [
  {
    service: 'auth',
    method: 'POST',
    route: '/api/users/signup',
    owner: 'buyer',
    expected: everyone(201),
    request: async () => ({ path: '/api/users/signup', body: { email: freshEmail(), password: 'password123' } }),
  },
  {
    service: 'auth',
    method: 'POST',
    route: '/api/users/signin',
    owner: 'buyer',
    expected: everyone(200),
    request: async (fixtures, caller) => ({ path: '/api/users/signin', body: fixtures.credentials(caller) }),
  },
  { service: 'auth', method: 'POST', route: '/api/users/signout', owner: 'buyer', expected: everyone(204), request: async () => ({ path: '/api/users/signout' }) },
  { service: 'auth', method: 'GET', route: '/api/users/currentuser', owner: 'buyer', expected: everyone(200), request: async () => ({ path: '/api/users/currentuser' }) },

  { service: 'tickets', method: 'POST', route: '/api/events', owner: 'seller', expected: signedIn(201), request: async () => ({ path: '/api/events', body: eventDetails('Matrix night') }) },
  { service: 'tickets', method: 'GET', route: '/api/events', owner: 'seller', expected: everyone(200), request: async () => ({ path: '/api/events' }) },
  {
    service: 'tickets',
    method: 'GET',
    route: '/api/events/:id',
    owner: 'seller',
    expected: everyone(200),
    request: async (fixtures) => ({ path: `/api/events/${(await fixtures.event()).id}` }),
  },
  {
    service: 'tickets',
    method: 'PUT',
    route: '/api/events/:id',
    owner: 'seller',
    // Only its organiser changes an event.
    expected: ownerOnly(200),
    request: async (fixtures) => ({ path: `/api/events/${(await fixtures.event()).id}`, body: eventDetails('Matrix night, moved') }),
  },
  {
    service: 'tickets',
    method: 'POST',
    route: '/api/events/:id/tickets',
    owner: 'seller',
    // Only its organiser issues tickets for an event.
    expected: ownerOnly(201),
    request: async (fixtures) => ({ path: `/api/events/${(await fixtures.event()).id}/tickets`, body: { faceValue: 30, seats: ['1', '2'] } }),
  },
  {
    service: 'tickets',
    method: 'POST',
    route: '/api/events/:id/check-ins',
    owner: 'seller',
    // Only its organiser checks tickets in for an event.
    expected: ownerOnly(201),
    request: async (fixtures) => {
      const { eventId, code } = await fixtures.admission();
      return { path: `/api/events/${eventId}/check-ins`, body: { code } };
    },
  },
  {
    service: 'tickets',
    method: 'GET',
    route: '/api/events/:id/check-ins',
    owner: 'seller',
    // Only its organiser sees how many have checked in.
    expected: ownerOnly(200),
    request: async (fixtures) => ({ path: `/api/events/${(await fixtures.event()).id}/check-ins` }),
  },
  {
    service: 'tickets',
    method: 'GET',
    route: '/api/events/:id/tickets',
    owner: 'seller',
    expected: everyone(200),
    request: async (fixtures) => ({ path: `/api/events/${(await fixtures.event()).id}/tickets` }),
  },

  { service: 'tickets', method: 'GET', route: '/api/tickets', owner: 'seller', expected: everyone(200), request: async () => ({ path: '/api/tickets' }) },
  { service: 'tickets', method: 'GET', route: '/api/tickets/mine', owner: 'seller', expected: signedIn(200), request: async () => ({ path: '/api/tickets/mine' }) },
  { service: 'tickets', method: 'GET', route: '/api/tickets/sales', owner: 'seller', expected: signedIn(200), request: async () => ({ path: '/api/tickets/sales' }) },
  {
    service: 'tickets',
    method: 'GET',
    route: '/api/tickets/:id',
    owner: 'seller',
    expected: everyone(200),
    request: async (fixtures) => ({ path: `/api/tickets/${(await fixtures.ticket()).id}` }),
  },
  {
    service: 'tickets',
    method: 'GET',
    route: '/api/tickets/:id/credential',
    owner: 'seller',
    // Only its holder sees the code that lets a ticket in.
    expected: ownerOnly(200),
    request: async (fixtures) => ({ path: `/api/tickets/${(await fixtures.ticket()).id}/credential` }),
  },
  {
    service: 'tickets',
    method: 'PUT',
    route: '/api/tickets/:id/listing',
    owner: 'seller',
    // Only its holder lists a ticket; 32.00 is within the cap over its face value of 30.00.
    expected: ownerOnly(200),
    request: async (fixtures) => ({ path: `/api/tickets/${(await fixtures.ticket()).id}/listing`, body: { price: 32 } }),
  },
  {
    service: 'tickets',
    method: 'DELETE',
    route: '/api/tickets/:id/listing',
    owner: 'seller',
    // Only its holder withdraws a ticket.
    expected: ownerOnly(200),
    request: async (fixtures) => ({ path: `/api/tickets/${(await fixtures.ticket()).id}/listing` }),
  },

  {
    service: 'orders',
    method: 'POST',
    route: '/api/orders',
    owner: 'seller',
    // Anyone signed in may buy, except the seller of the ticket.
    expected: { anonymous: 401, 'another user': 201, owner: 403 },
    request: async (fixtures) => ({ path: '/api/orders', body: { ticketId: (await fixtures.ticket()).id } }),
  },
  { service: 'orders', method: 'GET', route: '/api/orders', owner: 'buyer', expected: signedIn(200), request: async () => ({ path: '/api/orders' }) },
  {
    service: 'orders',
    method: 'GET',
    route: '/api/orders/:id',
    owner: 'buyer',
    expected: ownerOnly(200),
    request: async (fixtures) => ({ path: `/api/orders/${(await fixtures.order()).id}` }),
  },
  {
    service: 'orders',
    method: 'DELETE',
    route: '/api/orders/:id',
    owner: 'buyer',
    expected: ownerOnly(202),
    request: async (fixtures) => ({ path: `/api/orders/${(await fixtures.order()).id}` }),
  },
  {
    service: 'orders',
    method: 'POST',
    route: '/api/orders/:id/cancel',
    owner: 'buyer',
    expected: ownerOnly(202),
    request: async (fixtures) => ({ path: `/api/orders/${(await fixtures.order()).id}/cancel` }),
  },

  {
    service: 'payments',
    method: 'POST',
    route: '/api/payments',
    owner: 'buyer',
    expected: ownerOnly(201),
    request: async (fixtures) => ({ path: '/api/payments', body: { orderId: (await fixtures.order()).id, paymentMethodId: 'pm_card_visa' } }),
  },
  { service: 'payments', method: 'GET', route: '/api/payments/config', owner: 'buyer', expected: everyone(200), request: async () => ({ path: '/api/payments/config' }) },
  {
    service: 'payments',
    method: 'POST',
    route: '/api/payments/webhook',
    owner: 'buyer',
    // Only Stripe may call it, and it proves that with a signature, not a session.
    expected: everyone(400),
    request: async () => ({ path: '/api/payments/webhook', body: { type: 'payment_intent.succeeded', data: { object: { id: 'pi_forged' } } } }),
  },
  // About no resource: each signed-in caller connects, and sees, only their own payout account and payouts.
  { service: 'payments', method: 'POST', route: '/api/payouts/account', owner: 'seller', expected: signedIn(200), request: async () => ({ path: '/api/payouts/account' }) },
  { service: 'payments', method: 'GET', route: '/api/payouts', owner: 'seller', expected: signedIn(200), request: async () => ({ path: '/api/payouts' }) },

  // About no resource: each signed-in caller lists, and marks read, only their own notices.
  { service: 'notifications', method: 'GET', route: '/api/notifications', owner: 'buyer', expected: signedIn(200), request: async () => ({ path: '/api/notifications' }) },
  {
    service: 'notifications',
    method: 'POST',
    route: '/api/notifications/read',
    owner: 'buyer',
    expected: signedIn(200),
    request: async () => ({ path: '/api/notifications/read', body: { all: true } }),
  },
];
