import { fromCents } from '@ticketing/common';
import type { NoticeKind } from './vocabulary';

/** The event a ticket admits to, as it was described when the notice was written. */
export interface EventFacts {
  id: string;
  name: string;
  venue: string;
  city: string;
  startsAt: string;
  timeZone: string;
}

/** Where the ticket seats; all null for general admission. */
export interface PlaceFacts {
  section: string | null;
  row: string | null;
  seat: string | null;
}

/**
 * What a notice names, kept with it: the order, its event (null for a ticket from before events),
 * the seat, and the amounts in minor units of `currency`. Which amounts are present depends on the
 * kind: the held and paid notices give the buyer's figures, the sold one the price, the payout one
 * what was sent.
 */
export interface NoticeFacts {
  orderId: string;
  event: EventFacts | null;
  place: PlaceFacts;
  currency: string;
  priceCents: number;
  feeCents: number;
  totalCents: number;
  /** When the hold ends; for the held notice. */
  expiresAt: string;
  /** The seller's proceeds sent; null but in the payout notice. */
  payoutCents: number | null;
}

export interface RenderedNotice {
  title: string;
  body: string;
  /** A path of the web app: where the recipient acts on it or sees more. */
  link: string;
}

/** "$55.00": the currency's own sign where it has one, as a buyer reads a price. */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(fromCents(cents));
}

/** "Section A, row 3, seat 12", "Seat 7", or "General admission". */
export function describePlace({ section, row, seat }: PlaceFacts): string {
  const parts = [section && `section ${section}`, row && `row ${row}`, seat && `seat ${seat}`].filter((part): part is string => !!part);
  if (parts.length === 0) return 'General admission';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "7:45 PM GMT+1 (Berlin time)", or with the date too when `withDate`; UTC for a ticket with no event. */
function formatTime(instant: string, event: EventFacts | null, withDate: boolean): string {
  const timeZone = event?.timeZone ?? 'UTC';
  const text = new Intl.DateTimeFormat('en-US', {
    ...(withDate ? { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' } : {}),
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(instant));
  const place = (timeZone.split('/').pop() ?? timeZone).replaceAll('_', ' ');
  return timeZone === 'UTC' ? text : `${text} (${place} time)`;
}

/** "Berlin Philharmonic at Philharmonie, Berlin, Sun, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time)". */
function describeEvent(event: EventFacts | null): string {
  if (!event) return 'your ticket';
  return `${event.name} at ${event.venue}, ${event.city}, ${formatTime(event.startsAt, event, true)}`;
}

const eventName = (event: EventFacts | null) => event?.name ?? 'your ticket';

/** The words of a notice, the same in the app and in its e-mail. */
export function renderNotice(kind: NoticeKind, facts: NoticeFacts): RenderedNotice {
  const money = (cents: number) => formatMoney(cents, facts.currency);
  const place = describePlace(facts.place);
  const what = `${place}, ${describeEvent(facts.event)}`;
  switch (kind) {
    case 'order-held':
      return {
        title: `Held for you until ${formatTime(facts.expiresAt, facts.event, false)}`,
        body: `${what}. Pay ${money(facts.totalCents)} (${money(facts.priceCents)} plus a ${money(facts.feeCents)} service fee) before then, or the ticket goes back on sale.`,
        link: `/orders/${facts.orderId}`,
      };
    case 'order-paid':
      return {
        title: `It's yours: ${eventName(facts.event)}`,
        body: `${what}. You paid ${money(facts.totalCents)}. Your ticket and its entry code are in My tickets.`,
        link: '/tickets/mine',
      };
    case 'ticket-sold':
      return {
        title: `Sold: ${eventName(facts.event)}`,
        body: `${what}, sold for ${money(facts.priceCents)}. Your proceeds are paid out to your payout account.`,
        link: '/payouts',
      };
    case 'order-expired':
      return {
        title: `Your hold ended: ${eventName(facts.event)}`,
        body: `${what}. The order for ${money(facts.totalCents)} was not paid in time, so the ticket is back on sale.`,
        link: `/orders/${facts.orderId}`,
      };
    case 'order-cancelled':
      return {
        title: `Order cancelled: ${eventName(facts.event)}`,
        body: `${what}. You cancelled the order for ${money(facts.totalCents)}, so the ticket is back on sale.`,
        link: `/orders/${facts.orderId}`,
      };
    case 'payout-sent': {
      const proceeds = facts.payoutCents === null ? 'Your proceeds' : money(facts.payoutCents);
      return {
        title: `Paid out: ${eventName(facts.event)}`,
        body: `${proceeds} for ${place}, ${describeEvent(facts.event)}, sold for ${money(facts.priceCents)}, ${facts.payoutCents === null ? 'are' : 'is'} on its way to your payout account.`,
        link: '/payouts',
      };
    }
  }
}
