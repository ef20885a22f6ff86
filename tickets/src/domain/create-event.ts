import { insertEvent } from '../db/events';
import type { Event } from '../db/schema';
import type { TicketsDeps } from './deps';
import { assertStartsInFuture, type EventDetails } from './event';

/** Anyone signed in creates an event, for a time still to come, and is its organiser. */
export async function createEvent({ db, now }: TicketsDeps, organiserId: string, details: EventDetails): Promise<Event> {
  assertStartsInFuture(details.startsAt, now());
  return db.transaction((tx) => insertEvent(tx, { ...details, organiserId }));
}
