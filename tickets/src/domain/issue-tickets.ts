import { ConflictError, ForbiddenError, NotFoundError } from '@ticketing/common';
import { lockEvent, refreshEventSummary } from '../db/events';
import type { Event, Ticket } from '../db/schema';
import { insertEventTickets, takenSeats } from '../db/tickets';
import type { TicketsDeps } from './deps';
import { hasStarted } from './event';
import { assertChargeable } from './pricing';
import { describePlace, type Place } from './ticket';

/** What an organiser asks for: tickets at one face value, either for named seats or a number of general admissions. */
export interface TicketIssue {
  faceValueCents: number;
  section: string | null;
  row: string | null;
  /** Exactly one of these: the seats of the section and row, or how many tickets without a seat. */
  seats?: string[];
  quantity?: number;
}

function assertIssuableBy(event: Event, userId: string, now: Date): void {
  if (event.organiserId !== userId) throw new ForbiddenError('Only its organiser can issue tickets for an event');
  if (hasStarted(event, now)) throw new ConflictError('This event has started: no more tickets can be issued for it');
}

const placesOf = ({ section, row, seats, quantity }: TicketIssue): Place[] =>
  seats ? seats.map((seat) => ({ section, row, seat })) : Array.from({ length: quantity ?? 0 }, () => ({ section, row, seat: null }));

/**
 * The organiser issues tickets for their event before it starts; they are its first holder, and the
 * tickets are listed at face value. The event is locked first, so issuers of one event run one at a
 * time and the check for seats already issued cannot race another issue (tickets_event_seat_idx
 * would refuse it anyway). No existing ticket is locked here, so the lock order of ticket before
 * event that changes keep cannot be crossed.
 */
export async function issueTickets({ db, now, pricing }: TicketsDeps, userId: string, eventId: string, issue: TicketIssue): Promise<Ticket[]> {
  assertChargeable(issue.faceValueCents, pricing, 'faceValue', 'Face value');
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, eventId);
    if (!event) throw new NotFoundError('Event not found');
    assertIssuableBy(event, userId, now());
    if (issue.seats) {
      const [taken] = await takenSeats(tx, event.id, { section: issue.section, row: issue.row, seats: issue.seats });
      if (taken) throw new ConflictError(`A ticket for ${describePlace({ section: issue.section, row: issue.row, seat: taken })} of this event is already issued`);
    }
    const issued = await insertEventTickets(tx, event, issue.faceValueCents, placesOf(issue));
    await refreshEventSummary(tx, event.id);
    return issued;
  });
}
