import { BadRequestError, ConflictError, ForbiddenError, fromCents, type EventCategory, type EventCreatedData } from '@ticketing/common';
import type { Event } from '../db/schema';

/** What an organiser says of an event when creating it, and again, all of it, when changing it. */
export interface EventDetails {
  name: string;
  venue: string;
  city: string;
  startsAt: Date;
  timeZone: string;
  category: EventCategory;
}

export function hasStarted(event: Pick<Event, 'startsAt'>, now: Date): boolean {
  return event.startsAt.getTime() <= now.getTime();
}

export function assertStartsInFuture(startsAt: Date, now: Date): void {
  if (startsAt.getTime() <= now.getTime()) throw new BadRequestError('startsAt must be in the future', 'startsAt');
}

/** Only its organiser changes an event, and only before it starts: by then buyers hold what it said. */
export function assertChangeableBy(event: Event, userId: string, now: Date): void {
  if (event.organiserId !== userId) throw new ForbiddenError('Only its organiser can change an event');
  if (hasStarted(event, now)) throw new ConflictError('This event has started and can no longer be changed');
}

export function hasDetails(event: Event, details: EventDetails): boolean {
  return (
    event.name === details.name &&
    event.venue === details.venue &&
    event.city === details.city &&
    event.startsAt.getTime() === details.startsAt.getTime() &&
    event.timeZone === details.timeZone &&
    event.category === details.category
  );
}

/** A range of start times runs forwards; both ends are included. */
export function assertRangeInOrder(from: Date | undefined, to: Date | undefined): void {
  if (from && to && from.getTime() > to.getTime()) throw new BadRequestError('to must not be before from', 'to');
}

/** What the API shows of an event: its summary's lowest price in major units, in the platform currency. */
export function eventView(event: Event, currency: string) {
  return {
    ...eventData(event),
    listedCount: event.listedCount,
    lowestPrice: event.lowestPriceCents === null ? null : fromCents(event.lowestPriceCents),
    currency: currency.toUpperCase(),
  };
}

/** The event.created and event.updated payload for the event's current state. */
export function eventData(event: Event): EventCreatedData {
  return {
    id: event.id,
    version: event.version,
    organiserId: event.organiserId,
    name: event.name,
    venue: event.venue,
    city: event.city,
    startsAt: event.startsAt.toISOString(),
    timeZone: event.timeZone,
    category: event.category,
  };
}
