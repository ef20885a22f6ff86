import { z } from 'zod';

/**
 * The one catalogue of the events services exchange: a runtime schema per subject, and every
 * payload type inferred from it, so the type a publisher compiles against and the check a consumer
 * runs on arrival cannot drift apart.
 *
 * Money is in integer minor units (cents). Tickets, events and orders are versioned: every change adds
 * exactly 1 to `version` and emits one event carrying it (see `decideVersion`).
 *
 * Objects are `z.object`, which drops keys it does not know rather than refusing them: a publisher
 * deployed with a new optional field must not get its events parked by consumers still running the
 * previous catalogue, and a handler sees exactly the fields its type names. Removing or retyping a
 * field is not backward compatible and needs a new subject.
 */

/** Ids the services generate: PostgreSQL's gen_random_uuid() and Node's randomUUID(). */
const id = z.uuid();
const version = z.int().nonnegative();
/** Integer cents; the services' own limits (Stripe's minimum charge) are theirs to apply. */
const cents = z.int().nonnegative();
/** ISO-8601 with a zone: what `Date#toISOString()` writes, or an explicit offset. */
const instant = z.iso.datetime({ offset: true });

/**
 * `created` holds the ticket while the buyer pays; `complete` is paid; `cancelled` released it. Only
 * payments decides between the last two (see `payment.succeeded` and `payment.closed`).
 */
export const orderStatusSchema = z.enum(['created', 'cancelled', 'complete']);
export type OrderStatus = z.output<typeof orderStatusSchema>;

/** Why an order was closed without payment: its hold ran out, or its buyer gave it up. */
export const cancelReasonSchema = z.enum(['expired', 'cancelled']);
export type CancelReason = z.output<typeof cancelReasonSchema>;

export const eventCategorySchema = z.enum(['concert', 'sport', 'theatre', 'comedy', 'festival', 'other']);
export type EventCategory = z.output<typeof eventCategorySchema>;
export const EVENT_CATEGORIES = eventCategorySchema.options;

const ticketCreated = z.object({
  id,
  version,
  title: z.string().min(1),
  /** Cents. */
  price: cents,
  /** The holder: a user id from auth. */
  userId: id,
  /**
   * Version 2: the event the ticket admits to, with its start (when its listing closes), the face
   * value the organiser charged, its place where known, and whether its holder lists it. Tickets
   * sends them for every ticket of an event; they are absent for tickets listed before events existed.
   */
  eventId: id.optional(),
  startsAt: instant.optional(),
  /** Cents. */
  faceValue: cents.optional(),
  section: z.string().min(1).nullable().optional(),
  row: z.string().min(1).nullable().optional(),
  seat: z.string().min(1).nullable().optional(),
  listed: z.boolean().optional(),
});

const ticketUpdated = ticketCreated.extend({
  /** The order holding the ticket, or null when it is on sale again. */
  orderId: id.nullable(),
  /** True once the holding order was paid: the ticket will never be on sale again. */
  sold: z.boolean(),
});

const orderCreated = z.object({
  id,
  version,
  status: orderStatusSchema,
  /** The buyer. */
  userId: id,
  /** ISO-8601 instant when the hold ends unless the order is paid. */
  expiresAt: instant,
  /**
   * The price is the ticket's when the order was placed. The event it admits to is there for the
   * seller's payouts; absent for tickets from before events existed, and in events recorded before.
   */
  ticket: z.object({ id, price: cents, eventId: id.optional() }),
  /**
   * The buyer's service fee, what the buyer is charged (price plus fee), and the ticket's holder
   * when the order was placed, who is paid for it. Orders always sends them; they are optional only
   * because events recorded before version 2 lack them, and such an order was placed with no fee:
   * its fee is 0, its total its price, its seller unknown.
   */
  fee: cents.optional(),
  total: cents.optional(),
  sellerId: id.optional(),
});

/**
 * The buyer asked to give the order up. Only a request: payments answers with `payment.closed`,
 * unless a charge has already started, in which case the charge decides.
 */
const orderCancelRequested = z.object({ id, version });

const orderCancelled = z.object({
  id,
  version,
  ticket: z.object({ id }),
  reason: cancelReasonSchema,
});

/** The order was paid: its ticket is sold. Not in the brief's table; added so tickets can mark it. */
const orderCompleted = z.object({ id, version, ticket: z.object({ id }) });

const expirationComplete = z.object({ orderId: id });

/** The order's charge succeeded: it is paid, for good. */
const paymentSucceeded = z.object({
  /** The payment's id in payments. */
  id,
  orderId: id,
  /** The PaymentIntent at Stripe (or the sandbox, which names its own the same way). */
  stripeId: z.string().startsWith('pi_').max(255),
  /** Cents charged. */
  amount: cents,
});

/** Payments closed the order to payment: it will never be charged, and is to be cancelled. */
const paymentClosed = z.object({ orderId: id, reason: cancelReasonSchema });

/**
 * The seller's proceeds of a paid order (its price less the seller's fee) were transferred to their
 * Stripe account: for the seller's notice.
 */
const payoutSent = z.object({
  /** The payout's id in payments. */
  id,
  orderId: id,
  /** The user paid: the ticket's holder when the order was placed. */
  sellerId: id,
  /** Cents transferred, in `currency`. */
  amount: cents,
  currency: z.string().regex(/^[a-z]{3}$/),
  /** The Transfer at Stripe (or the sandbox, which names its own the same way). */
  transferId: z.string().startsWith('tr_').max(255),
});

/** An event (a concert, a match) as its organiser described it; tickets owns it. */
const eventCreated = z.object({
  id,
  version,
  /** The user who created it: a user id from auth. */
  organiserId: id,
  name: z.string().min(1),
  venue: z.string().min(1),
  city: z.string().min(1),
  startsAt: instant,
  /** The venue's IANA time zone, in which its times are shown. */
  timeZone: z.string().min(1),
  category: eventCategorySchema,
});

/**
 * The organiser changed its details; the payload is its whole state after the change. Its count of
 * listed tickets and lowest price are not part of it: they follow from the ticket events.
 */
const eventUpdated = eventCreated;

/**
 * Someone signed up; auth owns users. Users from before auth published events are each announced
 * once by its migration, under the envelope id `user.created:<id>`.
 */
const userCreated = z.object({
  id,
  /**
   * As auth stores it: trimmed and lower-cased. Not checked again as an address: auth's validator
   * accepts some (Unicode local parts) that z.email() refuses, and a sign-up must not fail here.
   */
  email: z.string().min(1),
});

/** The payload schema of each subject. */
export const eventSchemas = {
  'user.created': userCreated,
  'ticket.created': ticketCreated,
  'ticket.updated': ticketUpdated,
  'order.created': orderCreated,
  'order.cancel-requested': orderCancelRequested,
  'order.cancelled': orderCancelled,
  'order.completed': orderCompleted,
  'expiration.complete': expirationComplete,
  'payment.succeeded': paymentSucceeded,
  'payment.closed': paymentClosed,
  'payout.sent': payoutSent,
  'event.created': eventCreated,
  'event.updated': eventUpdated,
} as const;

export type UserCreatedData = z.output<typeof userCreated>;
export type TicketCreatedData = z.output<typeof ticketCreated>;
export type TicketUpdatedData = z.output<typeof ticketUpdated>;
export type OrderCreatedData = z.output<typeof orderCreated>;
export type OrderCancelRequestedData = z.output<typeof orderCancelRequested>;
export type OrderCancelledData = z.output<typeof orderCancelled>;
export type OrderCompletedData = z.output<typeof orderCompleted>;
export type ExpirationCompleteData = z.output<typeof expirationComplete>;
export type PaymentSucceededData = z.output<typeof paymentSucceeded>;
export type PaymentClosedData = z.output<typeof paymentClosed>;
export type PayoutSentData = z.output<typeof payoutSent>;
export type EventCreatedData = z.output<typeof eventCreated>;
export type EventUpdatedData = z.output<typeof eventUpdated>;

export type EventCatalogue = { [S in keyof typeof eventSchemas]: z.output<(typeof eventSchemas)[S]> };

export type Subject = keyof EventCatalogue;

export const subjects = Object.keys(eventSchemas) as readonly Subject[];

export function isSubject(value: unknown): value is Subject {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}

const envelopeFields = {
  /**
   * Unique per event and the JetStream message id, so the server drops a republish of the same
   * event inside its duplicate window. Not always a UUID: expiration derives its own from the order
   * (`expiration.complete:<orderId>`) so that a retried publish carries the same one.
   */
  id: z.string().min(1).max(200),
  occurredAt: instant,
};

/** What travels on the bus. */
export interface Envelope<S extends Subject = Subject> extends z.output<z.ZodObject<typeof envelopeFields>> {
  subject: S;
  data: EventCatalogue[S];
}

/** Any envelope, discriminated by `subject`. */
export type AnyEnvelope = { [S in Subject]: Envelope<S> }[Subject];

function envelopeSchemaOf<S extends Subject>(subject: S) {
  return z.object({ ...envelopeFields, subject: z.literal(subject), data: eventSchemas[subject] });
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The compiler cannot follow a schema built for a generic subject to `Envelope<S>`, so the record
 * is cast; this type makes the cast checked: for every subject the schema's output must be exactly
 * `Envelope<S>`, else the record is `never` and no use of it compiles.
 */
type CheckedEnvelopeSchemas =
  Same<{ [S in Subject]: z.output<ReturnType<typeof envelopeSchemaOf<S>>> }, { [S in Subject]: Envelope<S> }> extends true
    ? { readonly [S in Subject]: z.ZodType<Envelope<S>> }
    : never;

/** The envelope schema of each subject: an envelope naming that subject, its data checked by its schema. */
export const envelopeSchemas = Object.fromEntries(subjects.map((subject) => [subject, envelopeSchemaOf(subject)])) as unknown as CheckedEnvelopeSchemas;
