/**
 * The API's JSON as the services send it (see each service's `domain/*View` functions). Errors have
 * their own reader in `errors.ts`.
 */

export interface WireUser {
  id: string;
  email: string;
}

export interface WireCurrentUser {
  currentUser: WireUser | null;
}

export type WireEventCategory = 'concert' | 'sport' | 'theatre' | 'comedy' | 'festival' | 'other';

export interface WireEvent {
  id: string;
  version: number;
  organiserId: string;
  name: string;
  venue: string;
  city: string;
  /** An instant, ISO 8601 in UTC. */
  startsAt: string;
  /** The venue's IANA zone, in which the event's times are shown. */
  timeZone: string;
  category: WireEventCategory;
  listedCount: number;
  /** Decimal, in major units; null while nothing is listed. */
  lowestPrice: number | null;
  currency: string;
}

export interface WireEventPage {
  events: WireEvent[];
  nextCursor: string | null;
}

export interface WireTicket {
  id: string;
  /** The event's name; a ticket of version 1 has the title its seller gave it. */
  title: string;
  /** Decimal, in major units. */
  price: number;
  /** The holder. */
  userId: string;
  version: number;
  orderId: string | null;
  status: 'listed' | 'held' | 'not-listed' | 'checked-in' | 'sold';
  /** When it was checked in at the door; null before. */
  checkedInAt: string | null;
  createdAt: string;
  /** Null for a ticket listed before events existed. */
  eventId: string | null;
  faceValue: number | null;
  section: string | null;
  row: string | null;
  seat: string | null;
  currency: string;
  /** The prices its holder may list it at; null when it has no event to be sold for. */
  listingLimits: { minPrice: number; maxPrice: number; capPercent: number | null } | null;
  /** Only when one ticket is shown: the buyer's fee and what buying it costs now. */
  fee?: number;
  total?: number;
}

export interface WireTicketPage {
  tickets: WireTicket[];
  nextCursor: string | null;
}

export interface WireTicketList {
  tickets: WireTicket[];
}

export interface WireOrder {
  id: string;
  status: 'created' | 'cancelled' | 'complete';
  userId: string;
  /** The ticket's price when the order was placed. */
  price: number;
  /** The buyer's service fee on that price. */
  fee: number;
  /** What the buyer is charged: price plus fee, kept as they were when the order was placed. */
  total: number;
  expiresAt: string;
  version: number;
  createdAt: string;
  /** The buyer asked to cancel and payments has not answered yet. */
  cancelRequested: boolean;
  cancelReason: 'expired' | 'cancelled' | null;
  currency: string;
  ticket: { id: string; title: string; price: number };
}

export interface WireOrderList {
  orders: WireOrder[];
}

export interface WirePaymentConfig {
  mode: 'stripe' | 'sandbox';
  publishableKey: string | null;
}

export interface WirePayment {
  id: string;
  orderId: string;
  status: 'confirming' | 'requires_payment_method' | 'requires_action' | 'processing' | 'succeeded' | 'canceling' | 'canceled' | 'refunding' | 'refunded';
  /** Present while the payment waits for the buyer (202). */
  clientSecret?: string | null;
}

export interface WireCredential {
  ticketId: string;
  eventId: string;
  generation: number;
  token: string;
  secret: string;
  period: number;
  digits: number;
  algorithm: string;
}

export interface WireCheckIn {
  ticketId: string;
  checkedInAt: string;
  section: string | null;
  row: string | null;
  seat: string | null;
  checkedIn: number;
  issued: number;
}

export interface WireCheckInCount {
  checkedIn: number;
  issued: number;
}

export interface WireSale {
  ticketId: string;
  eventId: string;
  eventName: string;
  section: string | null;
  row: string | null;
  seat: string | null;
  orderId: string;
  price: number;
  currency: string;
  soldAt: string;
}

export interface WireSaleList {
  sales: WireSale[];
}

export interface WirePayoutAccount {
  state: 'none' | 'onboarding' | 'enabled';
  /** What Stripe still needs before it pays out. */
  requirements: string[];
}

export interface WirePayout {
  id: string;
  orderId: string;
  ticketId: string;
  eventId: string | null;
  amount: number;
  state: string;
  reason: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface WirePayouts {
  account: WirePayoutAccount;
  currency: string;
  pending: number;
  paid: number;
  payouts: WirePayout[];
}

export interface WirePayoutConnection {
  onboardingUrl: string | null;
  account: WirePayoutAccount;
}

export interface WireNotice {
  id: string;
  /** One of the app's NOTICE_KINDS today; a kind the service learns later arrives before this app knows it. */
  kind: string;
  title: string;
  /** Names the event, the seat and the amounts, in the service's words. */
  body: string;
  /** A path of this app: where the notice points. */
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface WireNoticePage {
  notifications: WireNotice[];
  /** Of all the visitor's notices, not only this page's. */
  unreadCount: number;
  nextCursor: string | null;
}
