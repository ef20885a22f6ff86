import { encodeCursor, pageOf, type Cursor } from '@ticketing/common';
import { listUpcoming, type EventFilter } from '../db/events';
import type { Event } from '../db/schema';
import type { TicketsDeps } from './deps';
import { assertRangeInOrder } from './event';

/** A page of the events still to start, soonest first, and the cursor of the next (null on the last). */
export async function listUpcomingEvents(
  { db, now }: TicketsDeps,
  filter: EventFilter,
  page: { after?: Cursor; limit: number },
): Promise<{ events: Event[]; nextCursor: string | null }> {
  assertRangeInOrder(filter.from, filter.to);
  const rows = await listUpcoming(db, { now: now(), filter, after: page.after, limit: page.limit + 1 });
  const { page: events, nextCursor } = pageOf(rows, page.limit, (event) => encodeCursor({ at: event.startsAt, id: event.id }));
  return { events, nextCursor };
}
