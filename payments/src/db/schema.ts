import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { outbox, type Db, type OrderStatus } from '@ticketing/common';
import { ORDER_STATUSES, PAYMENT_STATUSES, REFUND_REASONS, type PaymentStatus, type RefundReason } from '../domain/payment';

export { outbox };

/** DDL takes no bound parameters, so the fixed value lists are written into it as literals. */
const valueList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * The orders service's orders, as far as its events have told us: the id and version are theirs.
 * A row is inserted by order.created and changes only when order.cancelled is applied.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey(),
    /** The buyer, the only one who may pay. */
    userId: text().notNull(),
    ticketId: uuid().notNull(),
    /** What the buyer is charged. */
    priceCents: integer().notNull(),
    status: text().$type<OrderStatus>().notNull(),
    /** When the hold ends unless the order is paid; milliseconds, as JavaScript dates hold them. */
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** The version of the last order event applied. */
    version: integer().notNull(),
  },
  (table) => [check('orders_status_check', sql`${table.status} IN (${valueList(ORDER_STATUSES)})`)],
);

/** An order's one PaymentIntent and where it stands. */
export const payments = pgTable(
  'payments',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Unique: an order has one PaymentIntent, every attempt confirms that same intent. */
    orderId: uuid()
      .notNull()
      .unique()
      .references(() => orders.id),
    /** The PaymentIntent's id (`pi_…`), at Stripe or in the sandbox. */
    stripeId: text().notNull().unique(),
    status: text().$type<PaymentStatus>().notNull(),
    amountCents: integer().notNull(),
    currency: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [check('payments_status_check', sql`${table.status} IN (${valueList(PAYMENT_STATUSES)})`)],
);

/** Charges given back. Unique per payment as well as per Stripe refund: a charge is refunded once, in full. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid()
      .notNull()
      .unique()
      .references(() => payments.id),
    stripeRefundId: text().notNull().unique(),
    amountCents: integer().notNull(),
    reason: text().$type<RefundReason>().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [check('refunds_reason_check', sql`${table.reason} IN (${valueList(REFUND_REASONS)})`)],
);

export const schema = { orders, payments, refunds, outbox };
export type PaymentsSchema = typeof schema;
export type PaymentsTx = Parameters<Parameters<Db<PaymentsSchema>['transaction']>[0]>[0];
export type Order = typeof orders.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
