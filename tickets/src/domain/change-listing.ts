import { ConflictError, ForbiddenError, NotFoundError } from '@ticketing/common';
import { findEvent } from '../db/events';
import type { Event, Ticket } from '../db/schema';
import { changeTicket, lockTicket, type Tx } from '../db/tickets';
import type { TicketsDeps } from './deps';
import { hasStarted } from './event';
import { assertChargeable, assertWithinResaleCap } from './pricing';
import { assertNotTaken } from './ticket';

/** A ticket of an event, locked, with its event; only its holder changes its listing, and never while an order takes it. */
async function lockListingOf(tx: Tx, ticketId: string, userId: string): Promise<{ ticket: Ticket & { faceValueCents: number }; event: Event }> {
  const ticket = await lockTicket(tx, ticketId);
  if (!ticket) throw new NotFoundError('Ticket not found');
  if (ticket.userId !== userId) throw new ForbiddenError('Only its holder can list or withdraw a ticket');
  const event = ticket.eventId ? await findEvent(tx, ticket.eventId) : undefined;
  if (!event || ticket.faceValueCents === null) {
    throw new ConflictError('This ticket was listed before events existed and belongs to no event, so it cannot be listed');
  }
  assertNotTaken(ticket);
  return { ticket: { ...ticket, faceValueCents: ticket.faceValueCents }, event };
}

/**
 * The holder lists the ticket at a price, or changes the price of its listing: within what a card can
 * be charged with the buyer's fee and within the resale cap over its face value, and only before the
 * event starts, when its sales close. Listing it as it already is changes nothing.
 */
export async function listTicket({ db, now, pricing }: TicketsDeps, userId: string, ticketId: string, priceCents: number): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const { ticket, event } = await lockListingOf(tx, ticketId, userId);
    if (hasStarted(event, now())) throw new ConflictError('This event has started: its tickets can no longer be listed');
    assertWithinResaleCap(priceCents, ticket.faceValueCents, pricing);
    assertChargeable(priceCents, pricing, 'price', 'Price');
    if (ticket.listed && ticket.priceCents === priceCents) return ticket;
    return changeTicket(tx, ticket, { listed: true, priceCents });
  });
}

/** The holder withdraws the ticket from sale; it keeps its price for a later listing. Withdrawing it again changes nothing. */
export async function withdrawTicket({ db }: TicketsDeps, userId: string, ticketId: string): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const { ticket } = await lockListingOf(tx, ticketId, userId);
    if (!ticket.listed) return ticket;
    return changeTicket(tx, ticket, { listed: false });
  });
}
