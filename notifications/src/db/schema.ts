import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { literalList, type Db } from '@ticketing/common';
import type { NoticeFacts } from '../domain/notice';
import { EMAIL_STATES, NOTICE_KINDS, type EmailState, type NoticeKind } from '../domain/vocabulary';

/** Where each user's e-mail goes, from auth's user.created. */
export const users = pgTable('users', {
  id: uuid().primaryKey(),
  email: text().notNull(),
});

/** Events as their organisers last described them, applied in version order from tickets' events. */
export const events = pgTable('events', {
  id: uuid().primaryKey(),
  version: integer().notNull(),
  name: text().notNull(),
  venue: text().notNull(),
  city: text().notNull(),
  startsAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
  /** The venue's IANA zone, in which a notice gives its times. */
  timeZone: text().notNull(),
});

/**
 * Which event a ticket admits to and where it seats, from ticket.created: a ticket's event and place
 * never change after it is issued, so later versions have nothing a notice needs.
 */
export const tickets = pgTable('tickets', {
  id: uuid().primaryKey(),
  /** Null for tickets from before events. */
  eventId: uuid(),
  section: text(),
  row: text(),
  seat: text(),
});

/** Orders as placed, from order.created: who bought from whom, and the figures the buyer was shown. */
export const orders = pgTable('orders', {
  id: uuid().primaryKey(),
  buyerId: uuid().notNull(),
  /** Null for orders from before version 2, whose seller was not recorded. */
  sellerId: uuid(),
  ticketId: uuid().notNull(),
  priceCents: integer().notNull(),
  feeCents: integer().notNull(),
  totalCents: integer().notNull(),
  expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});

/**
 * One thing a user is told. Unique per event and recipient: an event redelivered, or replayed, finds
 * its notice there and adds none. The facts are kept as they were when it happened, so a notice reads
 * the same later even if its event is renamed.
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid().primaryKey().defaultRandom(),
    recipientId: uuid().notNull(),
    /** The envelope id of the event it tells of. */
    envelopeId: text().notNull(),
    kind: text().$type<NoticeKind>().notNull(),
    facts: jsonb().$type<NoticeFacts>().notNull(),
    /** When what it tells of happened: the event's occurredAt. */
    occurredAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    readAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (table) => [
    unique('notices_envelope_recipient_unique').on(table.envelopeId, table.recipientId),
    check('notices_kind_check', sql`${table.kind} IN (${literalList(NOTICE_KINDS)})`),
    index('notices_recipient_newest_idx').on(table.recipientId, table.occurredAt.desc(), table.id.desc()),
    index('notices_recipient_unread_idx').on(table.recipientId).where(sql`${table.readAt} IS NULL`),
  ],
);

/**
 * The send log: each notice's e-mail, written with the notice when mail is configured, and what the
 * mail server made of it. A pending e-mail is tried again at `dueAt`, for as long as it takes.
 */
export const emails = pgTable(
  'emails',
  {
    noticeId: uuid()
      .primaryKey()
      .references(() => notices.id),
    state: text().$type<EmailState>().notNull(),
    /** The address it went to, known once the recipient's user.created has arrived. */
    toAddress: text(),
    /**
     * When the sender next takes it; while one sender is at it, a lease that keeps the others off,
     * so a sender that died mid-send leaves it to be taken again. Null once sent or refused.
     */
    dueAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Sends that failed, for the backoff. */
    attempts: integer().notNull().default(0),
    /** What went wrong the last time: the mail server's answer, or why it could not be reached. */
    lastError: text(),
    /** The Message-ID it was sent under, the same on every attempt. */
    messageId: text().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (table) => [
    check('emails_state_check', sql`${table.state} IN (${literalList(EMAIL_STATES)})`),
    index('emails_due_idx').on(table.dueAt).where(sql`${table.dueAt} IS NOT NULL`),
  ],
);

export const schema = { users, events, tickets, orders, notices, emails };
export type NotificationsSchema = typeof schema;
export type NotificationsTx = Parameters<Parameters<Db<NotificationsSchema>['transaction']>[0]>[0];
export type EventRow = typeof events.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type NoticeRow = typeof notices.$inferSelect;
export type EmailRow = typeof emails.$inferSelect;
