import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { literalList, outbox, type CancelReason, type Db, type TraceCarrier } from '@ticketing/common';
import {
  CANCEL_REASONS,
  ORDER_COPY_STATUSES,
  PAYMENT_STATUSES,
  PAYOUT_STATES,
  REFUND_REASONS,
  type OrderCopyStatus,
  type PaymentStatus,
  type PayoutState,
  type RefundReason,
} from '../domain/vocabulary';

export { outbox };

/**
 * The orders service's orders, as payments decides about them. The buyer, the figures, the seller
 * and the hold come from order.created; the status is payments' own: whether the order may still be
 * charged (`open`), was charged (`paid`), or never will be (`closed`). Only payments moves an order
 * out of `open`, under this row's lock, so an order is either charged or closed, never both.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey(),
    /** The buyer, the only one who may pay. */
    userId: text().notNull(),
    ticketId: uuid().notNull(),
    /** The event the ticket admits to, shown with the seller's payout; null for tickets from before events, and orders copied before. */
    eventId: uuid(),
    /** The ticket's price when the order was placed. */
    priceCents: integer().notNull(),
    /** The buyer's service fee on that price. */
    feeCents: integer().notNull(),
    /** What the buyer is charged: the price plus the fee. */
    totalCents: integer().notNull(),
    /** The ticket's holder when the order was placed, who is paid for it; null for orders from before version 2. */
    sellerId: text(),
    status: text().$type<OrderCopyStatus>().notNull(),
    /** When the hold ends unless a charge has started; milliseconds, as JavaScript dates hold them. */
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** The version of the order event it was created from. */
    version: integer().notNull(),
    /** The buyer asked to cancel while a charge was under way: the order closes if the charge fails. */
    cancelRequestedAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Why it was closed. */
    closeReason: text().$type<CancelReason>(),
    closedAt: timestamp({ withTimezone: true, precision: 3 }),
    /**
     * The trace of the purchase, as order.created brought it: the events that decide the order
     * (paid, closed) continue it, whichever request or timer led to them. Null when not traced.
     */
    traceContext: jsonb().$type<TraceCarrier>(),
  },
  (table) => [
    check('orders_status_check', sql`${table.status} IN (${literalList(ORDER_COPY_STATUSES)})`),
    check('orders_close_reason_check', sql`${table.closeReason} IN (${literalList(CANCEL_REASONS)})`),
    index('orders_open_expiry_idx').on(table.expiresAt).where(sql`${table.status} = 'open'`),
  ],
);

/** An order's one PaymentIntent, where it stands, and the work at Stripe it still needs. */
export const payments = pgTable(
  'payments',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Unique: an order has one PaymentIntent, every attempt confirms that same intent. */
    orderId: uuid()
      .notNull()
      .unique()
      .references(() => orders.id),
    /** The PaymentIntent's id (`pi_…`), at Stripe or in the sandbox; null until Stripe has answered. */
    stripeId: text().unique(),
    status: text().$type<PaymentStatus>().notNull(),
    amountCents: integer().notNull(),
    currency: text().notNull(),
    /** The payment method of the attempt under way, replayed with the same key if its answer was lost. */
    paymentMethodId: text(),
    attemptStartedAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Why a charge that succeeded after its order closed is being given back. */
    refundReason: text().$type<RefundReason>(),
    /** When the work at Stripe its status calls for (confirm, cancel, refund) is due; null when none is. */
    workDueAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Attempts of that work that found Stripe unavailable, for the backoff. */
    workAttempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [
    check('payments_status_check', sql`${table.status} IN (${literalList(PAYMENT_STATUSES)})`),
    index('payments_work_due_idx').on(table.workDueAt).where(sql`${table.workDueAt} IS NOT NULL`),
  ],
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
  (table) => [check('refunds_reason_check', sql`${table.reason} IN (${literalList(REFUND_REASONS)})`)],
);

/**
 * A user's Stripe Express connected account, where their payouts go: one per user, created once.
 * Its state is Stripe's, as the latest `account.updated` webhook reported it.
 */
export const payoutAccounts = pgTable('payout_accounts', {
  userId: text().primaryKey(),
  /** `acct_…`, at Stripe or in the sandbox. */
  stripeAccountId: text().notNull().unique(),
  /** Stripe's `payouts_enabled`: the account can receive its money. */
  payoutsEnabled: boolean().notNull().default(false),
  /** Stripe's `requirements.currently_due`: what the seller must still tell Stripe. */
  requirements: jsonb().$type<string[]>().notNull().default([]),
  /** When Stripe produced the state recorded here, so that an older webhook arriving late is ignored. */
  stateAt: timestamp({ withTimezone: true, precision: 3 }),
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * What a paid order owes its seller: its price less the seller's fee, recorded with the payment's
 * success and transferred to the seller's connected account once it can receive it.
 */
export const payouts = pgTable(
  'payouts',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Unique: an order pays its seller once. */
    orderId: uuid()
      .notNull()
      .unique()
      .references(() => orders.id),
    sellerId: text().notNull(),
    amountCents: integer().notNull(),
    currency: text().notNull(),
    /** The charge (`ch_…`) the transfer draws its funds from (`source_transaction`). */
    chargeId: text(),
    state: text().$type<PayoutState>().notNull(),
    /** The Transfer (`tr_…`) once sent. */
    stripeTransferId: text().unique(),
    /**
     * When the worker next looks at it: set while there may be something to send, null while it
     * waits for its seller's account (an `account.updated` that enables it sets it again).
     */
    workDueAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Attempts that found Stripe unavailable or refusing, for the backoff. */
    workAttempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (table) => [
    check('payouts_state_check', sql`${table.state} IN (${literalList(PAYOUT_STATES)})`),
    index('payouts_work_due_idx').on(table.workDueAt).where(sql`${table.workDueAt} IS NOT NULL`),
    index('payouts_seller_idx').on(table.sellerId, table.createdAt),
  ],
);

export const schema = { orders, payments, refunds, payoutAccounts, payouts, outbox };
export type PaymentsSchema = typeof schema;
export type PaymentsTx = Parameters<Parameters<Db<PaymentsSchema>['transaction']>[0]>[0];
export type Order = typeof orders.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type Refund = typeof refunds.$inferSelect;
export type PayoutAccount = typeof payoutAccounts.$inferSelect;
export type Payout = typeof payouts.$inferSelect;
