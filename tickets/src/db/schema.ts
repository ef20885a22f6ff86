import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { outbox } from '@ticketing/common';

export { outbox };

export const tickets = pgTable(
  'tickets',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    priceCents: integer().notNull(),
    userId: text().notNull(),
    /** Starts at 0; every change adds exactly 1 and emits one ticket.updated carrying it. */
    version: integer().notNull().default(0),
    /** The order holding the ticket; null while it is on sale. */
    orderId: uuid(),
    /** Set when the holding order was paid; a sold ticket keeps its orderId. */
    sold: boolean().notNull().default(false),
    /** Milliseconds, as JavaScript dates hold them, so a page cursor names a row exactly. */
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    // The listing: on-sale tickets, newest first, paged by (createdAt, id).
    index('tickets_on_sale_idx')
      .on(table.createdAt.desc(), table.id.desc())
      .where(sql`${table.orderId} IS NULL AND NOT ${table.sold}`),
    index('tickets_user_idx').on(table.userId, table.createdAt.desc()),
  ],
);

/**
 * Orders known to be cancelled. order.cancelled and order.created travel on different consumers, so a
 * cancellation can arrive before the creation it cancels; remembering it stops that late creation
 * from holding the ticket for an order that no longer exists.
 */
export const releasedOrders = pgTable('released_orders', {
  orderId: uuid().primaryKey(),
  ticketId: uuid().notNull(),
  releasedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const schema = { tickets, releasedOrders, outbox };
export type TicketsSchema = typeof schema;
export type Ticket = typeof tickets.$inferSelect;
