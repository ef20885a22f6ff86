import { ForbiddenError, NotFoundError, ReasonedConflictError, UnprocessableContentError } from '@ticketing/common';
import { findEvent } from '../db/events';
import type { Event, Ticket } from '../db/schema';
import { checkInCountsOf, checkInTicket, lockTicket } from '../db/tickets';
import { isCurrentCode, readScannedCode } from './credential';
import type { TicketsDeps } from './deps';

/** How long before an event's start its doors open to check-ins, and how long after they close. */
export interface CheckInWindow {
  opensHoursBefore: number;
  closesHoursAfter: number;
}

/**
 * Why a scanned code is not valid, for the door to say so: not a code we issued, a ticket of another
 * event, a code its ticket replaced when it changed hands, or a code past its time step (a screenshot).
 */
export type CheckInRefusal = 'unknown' | 'wrong-event' | 're-issued' | 'expired';

const refused = (reason: CheckInRefusal, message: string) => new UnprocessableContentError(message, reason, 'code');

/** Why a valid code cannot check in now: outside the event's check-in window, used already, or being bought. */
export type CheckInConflict = 'not-open' | 'already-checked-in' | 'held';

const conflict = (reason: CheckInConflict, message: string) => new ReasonedConflictError(message, reason);

/**
 * The verdict on a scanned code: admitted, or refused (a refusal or a conflict above, 422 or 409).
 * A scan by someone other than the organiser, or for an unknown event, gets no verdict.
 */
export type CheckInVerdict = 'admitted' | 'refused';

const isRefusal = (err: unknown) => err instanceof UnprocessableContentError || err instanceof ReasonedConflictError;

const HOUR_MS = 3600 * 1000;

/** Only its organiser checks tickets in for an event, and sees its count. */
async function findOrganisedEvent({ db }: Pick<TicketsDeps, 'db'>, organiserId: string, eventId: string): Promise<Event> {
  const event = await findEvent(db, eventId);
  if (!event) throw new NotFoundError('Event not found');
  if (event.organiserId !== organiserId) throw new ForbiddenError('Only its organiser can check tickets in for an event');
  return event;
}

function assertCheckInOpen(event: Pick<Event, 'startsAt'>, at: Date, window: CheckInWindow): void {
  const opensAt = new Date(event.startsAt.getTime() - window.opensHoursBefore * HOUR_MS);
  const closesAt = new Date(event.startsAt.getTime() + window.closesHoursAfter * HOUR_MS);
  if (at.getTime() < opensAt.getTime()) throw conflict('not-open', `Check-in opens at ${opensAt.toISOString()}, ${window.opensHoursBefore} hours before the event starts`);
  if (at.getTime() > closesAt.getTime()) throw conflict('not-open', `Check-in closed at ${closesAt.toISOString()}, ${window.closesHoursAfter} hours after the event started`);
}

/** What the door shows after a check-in: which seat came in, and how many of the event's tickets have. */
export interface CheckIn {
  ticket: Ticket;
  counts: { checkedIn: number; issued: number };
}

/**
 * The organiser scans a holder's code at the door of their event, while check-in is open. The code
 * is checked in this order: our signature, the event, the generation (a sale re-issues it), the time
 * step (one either side of the clock), and then that the ticket has not checked in and no order holds
 * it. The ticket's lock makes two scans of one code queue, so the second finds the first's check-in
 * and answers 409. A listed ticket is withdrawn as it checks in: nobody can use it after.
 */
export async function checkIn(deps: TicketsDeps, organiserId: string, eventId: string, code: string): Promise<CheckIn> {
  const event = await findOrganisedEvent(deps, organiserId, eventId);
  try {
    const admitted = await admit(deps, event, code);
    deps.onCheckIn?.('admitted');
    return admitted;
  } catch (err) {
    if (isRefusal(err)) deps.onCheckIn?.('refused');
    throw err;
  }
}

/** Judges the code and checks its ticket in; throws the refusal or conflict the door is shown. */
async function admit(deps: TicketsDeps, event: Event, code: string): Promise<CheckIn> {
  const { db, now, credentials, checkInWindow } = deps;
  // The moment of the scan: the code shown then is the one to judge, however long the lock takes.
  const at = now();
  assertCheckInOpen(event, at, checkInWindow);
  const scanned = readScannedCode(credentials, code);
  if (!scanned) throw refused('unknown', 'This code was not issued by us');
  if (scanned.claims.eventId !== event.id) throw refused('wrong-event', 'This ticket is for another event');
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, scanned.claims.ticketId);
    // Signed by a key of ours for a ticket we do not have: a key shared with another deployment.
    if (!ticket) throw refused('unknown', 'This code was not issued by us');
    if (ticket.credentialGeneration !== scanned.claims.generation) {
      throw refused('re-issued', 'This code was replaced when the ticket changed hands: it belongs to a previous holder');
    }
    if (!isCurrentCode(scanned, at)) throw refused('expired', 'This code has expired: ask the holder to show the live code on their phone');
    if (ticket.checkedInAt) throw conflict('already-checked-in', `This ticket was already checked in at ${ticket.checkedInAt.toISOString()}`);
    if (ticket.orderId) throw conflict('held', 'This ticket is held by an order while a buyer pays for it, so it cannot check in now');
    const checkedIn = await checkInTicket(tx, ticket, at);
    return { ticket: checkedIn, counts: await checkInCountsOf(tx, event.id) };
  });
}

/** How many of the event's tickets have checked in, out of how many it has. */
export async function checkInCounts(deps: Pick<TicketsDeps, 'db'>, organiserId: string, eventId: string): Promise<CheckIn['counts']> {
  const event = await findOrganisedEvent(deps, organiserId, eventId);
  return checkInCountsOf(deps.db, event.id);
}
