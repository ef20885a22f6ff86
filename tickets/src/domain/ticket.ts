import { ConflictError, fromCents, priceBreakdown, type TicketCreatedData, type TicketUpdatedData } from '@ticketing/common';
import type { Ticket } from '../db/schema';
import { listingRange, resaleCapPercent, type PricingPolicy } from './pricing';

/**
 * A ticket is `listed`, `held` by an order, `not-listed` (withdrawn by its holder, or just bought by
 * them), or `checked-in` once let in at the door. A sale moves a ticket to its buyer, so it is never
 * `sold` but for the tickets a sale could not move: one listed before events existed, or one whose
 * hold began before tickets learned the buyer. A ticket listed before events existed belongs to no
 * event, so it is never for sale again: `not-listed` unless an order placed for it before still
 * holds it, or paid for it.
 */
export type TicketStatus = 'listed' | 'held' | 'not-listed' | 'checked-in' | 'sold';

export function statusOf(ticket: Pick<Ticket, 'eventId' | 'listed' | 'orderId' | 'sold' | 'checkedInAt'>): TicketStatus {
  if (ticket.sold) return 'sold';
  if (ticket.checkedInAt) return 'checked-in';
  if (ticket.orderId) return 'held';
  return ticket.eventId && ticket.listed ? 'listed' : 'not-listed';
}

/** Neither sold, checked in nor held: the holder may change its listing. */
export function assertNotTaken(ticket: Ticket): void {
  const status = statusOf(ticket);
  if (status === 'sold') throw new ConflictError('This ticket is sold and can no longer be edited');
  if (status === 'checked-in') throw new ConflictError('This ticket has been checked in');
  if (status === 'held') throw new ConflictError('This ticket is held by an order and cannot be edited now');
}

/** Where a ticket seats its holder, as far as the organiser said. */
export interface Place {
  section: string | null;
  row: string | null;
  seat: string | null;
}

/** "seat 12, row C, section 101", or as much of it as is known; used to name a seat in messages. */
export function describePlace({ section, row, seat }: Place): string {
  return [seat && `seat ${seat}`, row && `row ${row}`, section && `section ${section}`].filter(Boolean).join(', ');
}

/**
 * The prices its holder may list a ticket at, in major units, and the resale cap that bounds them
 * (null when lifted), so a form can say so beside the price; null for a ticket of no event, which
 * cannot be listed.
 */
function listingLimitsOf(ticket: Ticket, pricing: PricingPolicy) {
  if (!ticket.eventId || ticket.faceValueCents === null) return null;
  const { minCents, maxCents } = listingRange(ticket.faceValueCents, pricing);
  return { minPrice: fromCents(minCents), maxPrice: fromCents(maxCents), capPercent: resaleCapPercent(pricing) };
}

/** What the API shows of a ticket: money in major units of the platform currency, status spelled out. */
export function ticketView(ticket: Ticket, pricing: PricingPolicy) {
  return {
    id: ticket.id,
    title: ticket.title,
    price: fromCents(ticket.priceCents),
    userId: ticket.userId,
    version: ticket.version,
    orderId: ticket.orderId,
    status: statusOf(ticket),
    createdAt: ticket.createdAt.toISOString(),
    eventId: ticket.eventId,
    faceValue: ticket.faceValueCents === null ? null : fromCents(ticket.faceValueCents),
    section: ticket.section,
    row: ticket.row,
    seat: ticket.seat,
    checkedInAt: ticket.checkedInAt?.toISOString() ?? null,
    listingLimits: listingLimitsOf(ticket, pricing),
    currency: pricing.currency.toUpperCase(),
  };
}

/**
 * What buying the ticket at its current price costs: the buyer's fee and the total, by the same
 * schedule orders applies when it prices the order (both read BUYER_FEE_PERCENT and BUYER_FEE_FIXED).
 */
export function purchaseQuote(ticket: Ticket, pricing: Pick<PricingPolicy, 'fees'>) {
  const { feeCents, totalCents } = priceBreakdown(ticket.priceCents, pricing.fees);
  return { fee: fromCents(feeCents), total: fromCents(totalCents) };
}

/**
 * The ticket.created payload, which ticket.updated extends. A ticket of an event also carries the
 * event, its start (`startsAt`, passed by the caller, who has the event at hand), the face value, its
 * place and whether it is listed; a ticket listed before events existed, still updated when an order
 * placed for it before completes or is cancelled, carries what it always did.
 */
export function ticketCreatedData(ticket: Ticket, startsAt: Date | undefined): TicketCreatedData {
  const base = { id: ticket.id, version: ticket.version, title: ticket.title, price: ticket.priceCents, userId: ticket.userId };
  if (!ticket.eventId || !startsAt || ticket.faceValueCents === null) return base;
  return {
    ...base,
    eventId: ticket.eventId,
    startsAt: startsAt.toISOString(),
    faceValue: ticket.faceValueCents,
    section: ticket.section,
    row: ticket.row,
    seat: ticket.seat,
    listed: ticket.listed,
  };
}

/** The ticket.updated payload for the ticket's current state. */
export function ticketUpdatedData(ticket: Ticket, startsAt: Date | undefined): TicketUpdatedData {
  return { ...ticketCreatedData(ticket, startsAt), orderId: ticket.orderId, sold: ticket.sold };
}
