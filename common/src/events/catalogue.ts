/**
 * The one typed catalogue of the events services exchange. A subject's payload type is defined here
 * and nowhere else; publishers and listeners both take it from `EventCatalogue`.
 *
 * Money is in integer minor units (cents). Tickets and orders are versioned: every change adds
 * exactly 1 to `version` and emits one event carrying it (see `decideVersion`).
 */
/**
 * `created` holds the ticket while the buyer pays; `complete` is paid; `cancelled` released it. Only
 * payments decides between the last two (see `payment.succeeded` and `payment.closed`).
 */
export type OrderStatus = 'created' | 'cancelled' | 'complete';

/** Why an order was closed without payment: its hold ran out, or its buyer gave it up. */
export type CancelReason = 'expired' | 'cancelled';

export interface TicketCreatedData {
  id: string;
  version: number;
  title: string;
  /** Cents. */
  price: number;
  userId: string;
}

export interface TicketUpdatedData {
  id: string;
  version: number;
  title: string;
  /** Cents. */
  price: number;
  userId: string;
  /** The order holding the ticket, or null when it is on sale again. */
  orderId: string | null;
  /** True once the holding order was paid: the ticket will never be on sale again. */
  sold: boolean;
}

export interface OrderCreatedData {
  id: string;
  version: number;
  status: OrderStatus;
  userId: string;
  /** ISO-8601 instant when the hold ends unless the order is paid. */
  expiresAt: string;
  ticket: { id: string; price: number };
}

/**
 * The buyer asked to give the order up. Only a request: payments answers with `payment.closed`,
 * unless a charge has already started, in which case the charge decides.
 */
export interface OrderCancelRequestedData {
  id: string;
  version: number;
}

export interface OrderCancelledData {
  id: string;
  version: number;
  ticket: { id: string };
  reason: CancelReason;
}

/** The order was paid: its ticket is sold. Not in the brief's table; added so tickets can mark it. */
export interface OrderCompletedData {
  id: string;
  version: number;
  ticket: { id: string };
}

export interface ExpirationCompleteData {
  orderId: string;
}

/** The order's charge succeeded: it is paid, for good. */
export interface PaymentSucceededData {
  id: string;
  orderId: string;
  stripeId: string;
  /** Cents charged. */
  amount: number;
}

/** Payments closed the order to payment: it will never be charged, and is to be cancelled. */
export interface PaymentClosedData {
  orderId: string;
  reason: CancelReason;
}

export interface EventCatalogue {
  'ticket.created': TicketCreatedData;
  'ticket.updated': TicketUpdatedData;
  'order.created': OrderCreatedData;
  'order.cancel-requested': OrderCancelRequestedData;
  'order.cancelled': OrderCancelledData;
  'order.completed': OrderCompletedData;
  'expiration.complete': ExpirationCompleteData;
  'payment.succeeded': PaymentSucceededData;
  'payment.closed': PaymentClosedData;
}

export type Subject = keyof EventCatalogue;

export const subjects = [
  'ticket.created',
  'ticket.updated',
  'order.created',
  'order.cancel-requested',
  'order.cancelled',
  'order.completed',
  'expiration.complete',
  'payment.succeeded',
  'payment.closed',
] as const satisfies readonly Subject[];

/**
 * What travels on the bus. `id` is unique per event and is the JetStream message id, so the server
 * drops a republish of the same event inside its duplicate window.
 */
export interface Envelope<S extends Subject = Subject> {
  id: string;
  subject: S;
  occurredAt: string;
  data: EventCatalogue[S];
}

/** Any envelope, discriminated by `subject`. */
export type AnyEnvelope = { [S in Subject]: Envelope<S> }[Subject];

export function isSubject(value: unknown): value is Subject {
  return typeof value === 'string' && (subjects as readonly string[]).includes(value);
}
