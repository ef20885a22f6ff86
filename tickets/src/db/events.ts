import { and, asc, count, eq, gt, gte, ilike, lte, min, or, sql } from 'drizzle-orm';
import { recordEvent, type Db, type Cursor, type EventCategory } from '@ticketing/common';
import { eventData, type EventDetails } from '../domain/event';
import { containing } from './like-pattern';
import { isListed } from './listed';
import { events, tickets, type Event, type TicketsSchema } from './schema';
import type { Tx } from './tickets';

/** Creates an event and records event.created in the caller's transaction. */
export async function insertEvent(tx: Tx, values: EventDetails & { organiserId: string }): Promise<Event> {
  const [event] = await tx.insert(events).values(values).returning();
  await recordEvent(tx, 'event.created', eventData(event!));
  return event!;
}

export async function findEvent(db: Db<TicketsSchema> | Tx, id: string): Promise<Event | undefined> {
  const [event] = await db.select().from(events).where(eq(events.id, id));
  return event;
}

/**
 * Reads the event and locks it until the transaction ends, so its changes happen one at a time. The
 * lock is the one an UPDATE takes, which still lets tickets referring to the event be written.
 */
export async function lockEvent(tx: Tx, id: string): Promise<Event | undefined> {
  const [event] = await tx.select().from(events).where(eq(events.id, id)).for('no key update');
  return event;
}

/** Replaces a locked event's details: one more version, and the event.updated that carries it. */
export async function changeEventDetails(tx: Tx, event: Event, details: EventDetails): Promise<Event> {
  const [updated] = await tx
    .update(events)
    .set({ ...details, version: event.version + 1 })
    .where(and(eq(events.id, event.id), eq(events.version, event.version)))
    .returning();
  if (!updated) throw new Error(`event ${event.id} changed while locked`);
  await recordEvent(tx, 'event.updated', eventData(updated));
  return updated;
}

export interface EventFilter {
  /** Contained in the name, the venue or the city, in any case. */
  search?: string;
  /** The city, in any case. */
  city?: string;
  category?: EventCategory;
  /** Starting at or after. */
  from?: Date;
  /** Starting at or before. */
  to?: Date;
}

/** Events whose name, venue or city contains `search`, in any case. */
export const eventMatches = (search: string) =>
  or(ilike(events.name, containing(search)), ilike(events.venue, containing(search)), ilike(events.city, containing(search)));

/** Events starting after `now`, soonest first, paged by (startsAt, id). */
export function listUpcoming(db: Db<TicketsSchema>, options: { now: Date; filter: EventFilter; after?: Cursor; limit: number }): Promise<Event[]> {
  const { now, filter, after, limit } = options;
  const { search, city, category, from, to } = filter;
  return db
    .select()
    .from(events)
    .where(
      and(
        gt(events.startsAt, now),
        search ? eventMatches(search) : undefined,
        // As events_city_idx is built, so that index answers it.
        city ? sql`lower(${events.city}) = lower(${city})` : undefined,
        category ? eq(events.category, category) : undefined,
        from ? gte(events.startsAt, from) : undefined,
        to ? lte(events.startsAt, to) : undefined,
        after ? or(gt(events.startsAt, after.at), and(eq(events.startsAt, after.at), gt(events.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(limit);
}

/** How many of the event's tickets are listed, and the lowest price among them: read from tickets_event_listed_idx. */
export const listedSummaryOf = (db: Db<TicketsSchema> | Tx, eventId: string) =>
  db
    .select({ listedCount: count(), lowestPriceCents: min(tickets.priceCents) })
    .from(tickets)
    .where(and(eq(tickets.eventId, eventId), isListed));

/**
 * Recounts the event's summary in the transaction that changed its tickets; call it after the
 * changes. It first takes the event's lock, so concurrent refreshes of one event run one after the
 * other and each counts what the one before committed: a count read before waiting for the row
 * would miss the other transaction's tickets.
 */
export async function refreshEventSummary(tx: Tx, eventId: string): Promise<Pick<Event, 'listedCount' | 'lowestPriceCents'>> {
  await lockEvent(tx, eventId);
  const [summary] = await listedSummaryOf(tx, eventId);
  await tx.update(events).set(summary!).where(eq(events.id, eventId));
  return summary!;
}
