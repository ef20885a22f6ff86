import { moneyFromDecimal } from '../money';
import { safeReturnPath } from '../return-path';
import { NOTICE_KINDS, type Event, type EventPage, type Notice, type NoticeKind, type NoticePage, type Order, type OrderStatus, type PaymentSetup, type Payouts, type Sale, type Ticket, type TicketPage, type User } from './types';
import type { WireEvent, WireEventPage, WireNotice, WireNoticePage, WireOrder, WirePaymentConfig, WirePayouts, WireSale, WireTicket, WireTicketPage, WireUser } from './wire';

export const reshapeUser = (user: WireUser): User => ({ id: user.id, email: user.email });

export const reshapeEvent = (event: WireEvent): Event => ({
  id: event.id,
  organiserId: event.organiserId,
  name: event.name,
  venue: event.venue,
  city: event.city,
  startsAt: new Date(event.startsAt),
  timeZone: event.timeZone,
  category: event.category,
  listedCount: event.listedCount,
  lowestPrice: event.lowestPrice === null ? null : moneyFromDecimal(event.lowestPrice, event.currency),
  currency: event.currency,
});

export const reshapeEventPage = (page: WireEventPage): EventPage => ({
  events: page.events.map(reshapeEvent),
  nextCursor: page.nextCursor,
});

export function reshapeTicket(ticket: WireTicket): Ticket {
  const money = (amount: number) => moneyFromDecimal(amount, ticket.currency);
  const limits = ticket.listingLimits;
  return {
    id: ticket.id,
    title: ticket.title,
    price: money(ticket.price),
    holderId: ticket.userId,
    status: ticket.status,
    orderId: ticket.orderId,
    listedAt: new Date(ticket.createdAt),
    eventId: ticket.eventId,
    faceValue: ticket.faceValue === null ? null : money(ticket.faceValue),
    place: { section: ticket.section, row: ticket.row, seat: ticket.seat },
    listingLimits: limits && { min: money(limits.minPrice), max: money(limits.maxPrice), capPercent: limits.capPercent },
    checkedInAt: ticket.checkedInAt ? new Date(ticket.checkedInAt) : null,
    quote: ticket.fee === undefined || ticket.total === undefined ? null : { fee: money(ticket.fee), total: money(ticket.total) },
  };
}

export const reshapeTicketPage = (page: WireTicketPage): TicketPage => ({
  tickets: page.tickets.map(reshapeTicket),
  nextCursor: page.nextCursor,
});

export const reshapeSale = (sale: WireSale): Sale => ({
  ticketId: sale.ticketId,
  eventId: sale.eventId,
  eventName: sale.eventName,
  place: { section: sale.section, row: sale.row, seat: sale.seat },
  orderId: sale.orderId,
  price: moneyFromDecimal(sale.price, sale.currency),
  soldAt: new Date(sale.soldAt),
});

function orderStatus({ status, cancelRequested }: WireOrder): OrderStatus {
  switch (status) {
    case 'created':
      return cancelRequested ? 'cancelling' : 'awaiting-payment';
    case 'complete':
      return 'complete';
    case 'cancelled':
      return 'cancelled';
    default: {
      const unknown: never = status;
      throw new Error(`Unknown order status: ${String(unknown)}`);
    }
  }
}

export const reshapeOrder = (order: WireOrder): Order => ({
  id: order.id,
  status: orderStatus(order),
  price: moneyFromDecimal(order.price, order.currency),
  fee: moneyFromDecimal(order.fee, order.currency),
  total: moneyFromDecimal(order.total, order.currency),
  expiresAt: new Date(order.expiresAt),
  placedAt: new Date(order.createdAt),
  ticket: { id: order.ticket.id, title: order.ticket.title },
});

export function reshapePaymentSetup(config: WirePaymentConfig): PaymentSetup {
  if (config.mode === 'sandbox') return { mode: 'sandbox' };
  // Stripe without a publishable key cannot collect a card in the browser.
  return config.publishableKey ? { mode: 'stripe', publishableKey: config.publishableKey } : { mode: 'unavailable' };
}

export function reshapePayouts(summary: WirePayouts): Payouts {
  const money = (amount: number) => moneyFromDecimal(amount, summary.currency.toUpperCase());
  return {
    account: { state: summary.account.state, requirements: summary.account.requirements },
    pending: money(summary.pending),
    paid: money(summary.paid),
    payouts: summary.payouts.map((payout) => ({
      id: payout.id,
      orderId: payout.orderId,
      ticketId: payout.ticketId,
      eventId: payout.eventId,
      amount: money(payout.amount),
      state: payout.state,
      reason: payout.reason,
      createdAt: new Date(payout.createdAt),
      sentAt: payout.sentAt ? new Date(payout.sentAt) : null,
    })),
  };
}

const isNoticeKind = (kind: string): kind is NoticeKind => (NOTICE_KINDS as readonly string[]).includes(kind);

/** A link is only followed within this site, whatever the API sends: the same rule as a return path after sign-in. */
const sitePath = (link: string): string | null => safeReturnPath(link, '') || null;

const reshapeNotice = (notice: WireNotice): Notice => ({
  id: notice.id,
  kind: isNoticeKind(notice.kind) ? notice.kind : null,
  title: notice.title,
  body: notice.body,
  link: sitePath(notice.link),
  createdAt: new Date(notice.createdAt),
  readAt: notice.readAt ? new Date(notice.readAt) : null,
});

export const reshapeNoticePage = (page: WireNoticePage): NoticePage => ({
  notices: page.notifications.map(reshapeNotice),
  unreadCount: page.unreadCount,
  nextCursor: page.nextCursor,
});
