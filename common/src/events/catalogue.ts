/**
 * The one typed catalogue of the events services exchange. A subject's payload type is defined here
 * and nowhere else; publishers and listeners both take it from `EventCatalogue`.
 *
 * Money is in integer minor units (cents). Tickets and orders are versioned: every change adds
 * exactly 1 to `version` and emits one event carrying it (see `decideVersion`).
 */
export type OrderStatus = 'created' | 'awaiting:payment' | 'cancelled' | 'complete';

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

export interface OrderCancelledData {
  id: string;
  version: number;
  ticket: { id: string };
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

export interface PaymentCreatedData {
  id: string;
  orderId: string;
  stripeId: string;
}

export interface EventCatalogue {
  'ticket.created': TicketCreatedData;
  'ticket.updated': TicketUpdatedData;
  'order.created': OrderCreatedData;
  'order.cancelled': OrderCancelledData;
  'order.completed': OrderCompletedData;
  'expiration.complete': ExpirationCompleteData;
  'payment.created': PaymentCreatedData;
}

export type Subject = keyof EventCatalogue;

export const subjects = [
  'ticket.created',
  'ticket.updated',
  'order.created',
  'order.cancelled',
  'order.completed',
  'expiration.complete',
  'payment.created',
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
