import type { Money } from '../money';

/**
 * The app's own types: what pages and components see. The API's wire shapes stay in `wire.ts`, and
 * `reshape.ts` is the one place that turns one into the other.
 */

export interface User {
  id: string;
  email: string;
}

export const EVENT_CATEGORIES = ['concert', 'sport', 'theatre', 'comedy', 'festival', 'other'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export interface Event {
  id: string;
  organiserId: string;
  name: string;
  venue: string;
  city: string;
  startsAt: Date;
  /** The venue's IANA zone: the event's times are shown as its clocks read them. */
  timeZone: string;
  category: EventCategory;
  listedCount: number;
  /** The cheapest listed ticket's price; null while none is listed. */
  lowestPrice: Money | null;
  currency: string;
}

export interface EventPage {
  events: Event[];
  /** Continues the listing after this page; null on the last page. */
  nextCursor: string | null;
}

/**
 * On sale; held by an order while its buyer pays; not for sale (withdrawn, or just bought); used at
 * the door. `sold` is left only on tickets sold before a sale moved a ticket to its buyer.
 */
export type TicketStatus = 'listed' | 'held' | 'not-listed' | 'checked-in' | 'sold';

/** Where the ticket seats its holder, as far as the organiser said; all null for general admission. */
export interface Place {
  section: string | null;
  row: string | null;
  seat: string | null;
}

/** The prices a holder may list the ticket at: what a card can be charged, and the resale cap. */
export interface ListingLimits {
  min: Money;
  max: Money;
  /** How far above face value a resale may go; null when the cap is lifted. */
  capPercent: number | null;
}

export interface Ticket {
  id: string;
  /** The event's name; for a ticket listed before events existed, the title its seller gave it. */
  title: string;
  price: Money;
  holderId: string;
  status: TicketStatus;
  /** The order holding (or, once sold, that bought) the ticket. */
  orderId: string | null;
  listedAt: Date;
  /** Null for a ticket listed before events existed, which can no longer be sold. */
  eventId: string | null;
  faceValue: Money | null;
  place: Place;
  listingLimits: ListingLimits | null;
  checkedInAt: Date | null;
  /** What buying it costs now, fee included; only on the ticket's own page. */
  quote: { fee: Money; total: Money } | null;
}

export interface TicketPage {
  tickets: Ticket[];
  /** Continues the listing after this page; null on the last page. */
  nextCursor: string | null;
}

/** Not paid yet; given up by its buyer and waiting for the services to cancel it; paid; cancelled. */
export type OrderStatus = 'awaiting-payment' | 'cancelling' | 'complete' | 'cancelled';

export interface Order {
  id: string;
  status: OrderStatus;
  /** The ticket's price when the order was placed, whatever it is now. */
  price: Money;
  /** The buyer's service fee on that price. */
  fee: Money;
  /** What the buyer is charged: price plus fee. */
  total: Money;
  /** The end of the hold: unpaid by then, the order is cancelled and the ticket back on sale. */
  expiresAt: Date;
  placedAt: Date;
  ticket: { id: string; title: string };
}

/** How the buyer pays: Stripe Elements with a publishable key, or the sandbox's test cards. */
export type PaymentSetup = { mode: 'stripe'; publishableKey: string } | { mode: 'sandbox' } | { mode: 'unavailable' };

/** What came of one attempt to pay an order. Plain data: it crosses from a server action to the browser. */
export type PaymentOutcome =
  | { outcome: 'paid' }
  /** Accepted but not settled yet (Stripe is processing it); the order completes when it settles. */
  | { outcome: 'processing' }
  /** The bank wants the buyer to confirm (3-D Secure), finished in the browser with this secret. */
  | { outcome: 'requires-action'; clientSecret: string }
  /** The card was refused; the order can still be paid with another. */
  | { outcome: 'declined'; message: string }
  /** The order no longer takes a payment: cancelled, expired or already paid. */
  | { outcome: 'closed'; message: string }
  | { outcome: 'failed'; message: string };

/** A ticket the visitor sold: when, to which order, at what price. */
export interface Sale {
  ticketId: string;
  eventId: string;
  eventName: string;
  place: Place;
  orderId: string;
  price: Money;
  soldAt: Date;
}

export interface CheckInCount {
  checkedIn: number;
  issued: number;
}

/** What came of one scan at the door. Plain data: it crosses from a server action to the browser. */
export type CheckInOutcome =
  | { outcome: 'checked-in'; place: Place; count: CheckInCount }
  /** Refused, with the API's reason (`re-issued`, `already-checked-in`, …) and message. */
  | { outcome: 'refused'; reason: string; message: string }
  | { outcome: 'failed'; message: string };

/** Where the seller's payout account stands: never connected, Stripe still onboarding them, or able to receive payouts. */
export type PayoutAccountState = 'none' | 'onboarding' | 'enabled';

export interface PayoutAccount {
  state: PayoutAccountState;
  requirements: string[];
}

export interface Payout {
  id: string;
  orderId: string;
  ticketId: string;
  eventId: string | null;
  /** The seller's proceeds: the price less the seller fee. */
  amount: Money;
  /** `pending` or `sent` today; a state this app does not know yet is shown as it comes. */
  state: string;
  /** Why a pending payout waits: `no-account`, `onboarding-incomplete`, or null when it is on its way. */
  reason: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface Payouts {
  account: PayoutAccount;
  pending: Money;
  paid: Money;
  payouts: Payout[];
}

/**
 * What a notice tells its reader: a hold began, an order was paid (to its buyer) or its ticket sold
 * (to the seller), a hold ran out or was given up, a seller's proceeds were sent.
 */
export const NOTICE_KINDS = ['order-held', 'order-paid', 'ticket-sold', 'order-expired', 'order-cancelled', 'payout-sent'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  id: string;
  /** Null for a kind the notifications service sends that this app does not know yet. */
  kind: NoticeKind | null;
  title: string;
  body: string;
  /** The path on this site the notice points to; null when the API sent anything else. */
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface NoticePage {
  /** Newest first. */
  notices: Notice[];
  /** Of all the visitor's notices, not only those on the page. */
  unreadCount: number;
  /** Continues after this page's last notice; null when there are no older ones. */
  nextCursor: string | null;
}
