import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outbox, type CancelReason, type Db, type OrderStatus } from '@ticketing/common';
import { ACTIVE_ORDER_STATUSES, CANCEL_REASONS, ORDER_STATUSES } from '../domain/statuses';

export { outbox };

/**
 * The tickets service's tickets, as far as its events have told us: the id and version are theirs,
 * and a row changes only by applying the next ticket.updated.
 */
export const tickets = pgTable('tickets', {
  id: uuid().primaryKey(),
  title: text().notNull(),
  priceCents: integer().notNull(),
  /** The holder, who sells it; a sale makes its buyer the holder (ticket.updated). */
  userId: text().notNull(),
  /** The event it admits to; null for tickets listed before events existed, which are no longer for sale. */
  eventId: uuid(),
  /** When its event starts, and sales of it close; null for tickets listed before events existed. */
  startsAt: timestamp({ withTimezone: true, precision: 3 }),
  /** Whether its holder offers it for sale. True for tickets listed before events existed, which, of no event, are still not for sale. */
  listed: boolean().notNull().default(true),
  /** The version of the last ticket event applied. */
  version: integer().notNull(),
});

/** DDL takes no bound parameters, so the fixed status lists are written into it as literals. */
const statusList = (statuses: readonly string[]) => sql.raw(statuses.map((status) => `'${status}'`).join(', '));

export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The buyer. */
    userId: text().notNull(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id),
    status: text().$type<OrderStatus>().notNull(),
    /**
     * The ticket's price when the order was placed, the buyer's fee on it under the schedule of that
     * moment, and what the buyer is charged (their sum): kept whatever the price or the schedule becomes.
     */
    priceCents: integer().notNull(),
    feeCents: integer().notNull(),
    totalCents: integer().notNull(),
    /** When the hold ends unless the order is paid; milliseconds, as JavaScript dates hold them. */
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** Starts at 0; every change adds exactly 1 and emits one event carrying it. */
    version: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The buyer asked to cancel; payments decides, and the order is cancelled on its answer. */
    cancelRequestedAt: timestamp({ withTimezone: true, precision: 3 }),
    cancelReason: text().$type<CancelReason>(),
  },
  (table) => [
    check('orders_status_check', sql`${table.status} IN (${statusList(ORDER_STATUSES)})`),
    check('orders_cancel_reason_check', sql`${table.cancelReason} IN (${statusList(CANCEL_REASONS)})`),
    // The database's own guarantee that a ticket has at most one active order, whatever races the
    // application's checks lose.
    uniqueIndex('orders_one_active_per_ticket_idx')
      .on(table.ticketId)
      .where(sql`${table.status} IN (${statusList(ACTIVE_ORDER_STATUSES)})`),
    index('orders_user_idx').on(table.userId, table.createdAt.desc()),
    // A ticket's orders in the order they were placed, read backwards for its latest.
    index('orders_ticket_idx').on(table.ticketId, table.createdAt, table.id),
  ],
);

export const schema = { tickets, orders, outbox };
export type OrdersSchema = typeof schema;
export type OrdersTx = Parameters<Parameters<Db<OrdersSchema>['transaction']>[0]>[0];
export type Ticket = typeof tickets.$inferSelect;
export type Order = typeof orders.$inferSelect;
