import { NotFoundError } from '@ticketing/common';
import { changeEventDetails, lockEvent } from '../db/events';
import type { Event } from '../db/schema';
import type { TicketsDeps } from './deps';
import { assertChangeableBy, assertStartsInFuture, hasDetails, type EventDetails } from './event';

/**
 * The organiser replaces an event's details before it starts; it may move, but not into the past.
 * Details it already has change nothing, so no version is spent on them.
 */
export async function changeEvent({ db, now }: TicketsDeps, userId: string, eventId: string, details: EventDetails): Promise<Event> {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, eventId);
    if (!event) throw new NotFoundError('Event not found');
    const at = now();
    assertChangeableBy(event, userId, at);
    assertStartsInFuture(details.startsAt, at);
    if (hasDetails(event, details)) return event;
    return changeEventDetails(tx, event, details);
  });
}
