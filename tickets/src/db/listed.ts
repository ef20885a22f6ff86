import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { tickets } from './schema';

/**
 * What the status `listed` says of a ticket's row: of an event, listed by its holder, and neither held
 * by an order nor sold. The partial indexes on tickets are built on all of it but the event, which
 * the queries name or join, so a query with it reads them.
 */
export const isListed = and(isNotNull(tickets.eventId), eq(tickets.listed, true), isNull(tickets.orderId), eq(tickets.sold, false));
