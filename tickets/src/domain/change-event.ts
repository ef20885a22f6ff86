import { NotFoundError } from '@ticketing/common';
import { changeEventDetails, lockEvent } from '../db/events';
import { followEventChange, lockTicketsOfEvent } from '../db/tickets';
import type { Event } from '../db/schema';
import type { TicketsDeps } from './deps';
import { assertChangeableBy, assertStartsInFuture, hasDetails, type EventDetails } from './event';

/**
 * The organiser replaces an event's details before it starts; it may move, but not into the past.
 * Details it already has change nothing, so no version is spent on them. A new name or start reaches
 * its tickets, which carry both.
 */
export async function changeEvent({ db, now }: TicketsDeps, userId: string, eventId: string, details: EventDetails): Promise<Event> {
  return db.transaction(async (tx) => {
    // Its tickets before the event, in the order every change of a ticket locks them.
    await lockTicketsOfEvent(tx, eventId);
    const event = await lockEvent(tx, eventId);
    if (!event) throw new NotFoundError('Event not found');
    const at = now();
    assertChangeableBy(event, userId, at);
    assertStartsInFuture(details.startsAt, at);
    if (hasDetails(event, details)) return event;
    const changed = await changeEventDetails(tx, event, details);
    if (changed.name !== event.name || changed.startsAt.getTime() !== event.startsAt.getTime()) await followEventChange(tx, changed);
    return changed;
  });
}
