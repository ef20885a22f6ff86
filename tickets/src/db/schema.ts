import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { EVENT_CATEGORIES, literalList, outbox, type EventCategory } from '@ticketing/common';

export { outbox };

/** What tickets are for: a concert, a match, a show, at one venue and one start time. */
export const events = pgTable(
  'events',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The user who created it, and the only one who may change it. */
    organiserId: text().notNull(),
    name: text().notNull(),
    venue: text().notNull(),
    city: text().notNull(),
    /** Milliseconds, as JavaScript dates hold them, so a page cursor names a row exactly. */
    startsAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    /** The venue's IANA zone: the instant is stored as such, the zone says how to show it. */
    timeZone: text().notNull(),
    category: text().$type<EventCategory>().notNull(),
    /** Starts at 0; every change of its details adds exactly 1 and emits one event.updated carrying it. */
    version: integer().notNull().default(0),
    /**
     * The summary the listings show, kept by refreshEventSummary in each transaction that changes the
     * event's tickets, so no request counts them. Not versioned: it follows from the ticket events.
     */
    listedCount: integer().notNull().default(0),
    /** The cheapest listed ticket's price; null while none is listed. */
    lowestPriceCents: integer(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    check('events_category_check', sql`${table.category} IN (${literalList(EVENT_CATEGORIES)})`),
    // The listing: upcoming events, soonest first, paged by (startsAt, id).
    index('events_starts_at_idx').on(table.startsAt, table.id),
    index('events_city_idx').on(sql`lower(${table.city})`, table.startsAt, table.id),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    priceCents: integer().notNull(),
    userId: text().notNull(),
    /** The event it admits to; null for tickets listed before events existed. */
    eventId: uuid().references(() => events.id),
    /** What the organiser charged, which caps its resale price; null for tickets listed before events existed. */
    faceValueCents: integer(),
    /** Where it seats its holder, as far as the organiser said; all null for general admission. */
    section: text(),
    row: text(),
    seat: text(),
    /**
     * Whether its holder offers it for sale; the ticket is `listed` while it is, and neither held nor
     * sold. A sale to a new holder and a check-in set it false. Tickets listed before events existed keep the true they were listed with, but belong to
     * no event, so they are never for sale again (statusOf, isListed).
     */
    listed: boolean().notNull().default(true),
    /** Starts at 0; every change adds exactly 1 and emits one ticket.updated carrying it. */
    version: integer().notNull().default(0),
    /** The order holding the ticket; null while none does. */
    orderId: uuid(),
    /**
     * The holding order's buyer and the price it was placed at, from its order.created, so that its
     * order.completed can move the ticket to the buyer and record what was paid; null while no order
     * holds it, and for a hold that began before tickets learned them.
     */
    heldForUserId: text(),
    heldPriceCents: integer(),
    /**
     * Set when the holding order was paid, for a ticket that is not moved to its buyer: one listed
     * before events existed, or held when tickets did not yet learn the buyer. A sold ticket keeps
     * its orderId. A sale moves any other ticket to its buyer instead.
     */
    sold: boolean().notNull().default(false),
    /**
     * Starts at 0 and goes up by 1 each time the ticket changes hands: the credential names it, so
     * every code of a previous holder is refused as re-issued.
     */
    credentialGeneration: integer().notNull().default(0),
    /** When it was let in at the door; null until then. A ticket checks in once. */
    checkedInAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Milliseconds, as JavaScript dates hold them, so a page cursor names a row exactly. */
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    // GET /api/tickets: listed tickets, newest first, paged by (createdAt, id).
    index('tickets_listed_idx')
      .on(table.createdAt.desc(), table.id.desc())
      .where(sql`${table.listed} AND ${table.orderId} IS NULL AND NOT ${table.sold}`),
    index('tickets_user_idx').on(table.userId, table.createdAt.desc()),
    // An event's listed tickets by price, paged by (price, id): its summary's count and lowest price, read from the index.
    index('tickets_event_listed_idx')
      .on(table.eventId, table.priceCents, table.id)
      .where(sql`${table.listed} AND ${table.orderId} IS NULL AND NOT ${table.sold}`),
    index('tickets_event_listed_newest_idx')
      .on(table.eventId, table.createdAt.desc(), table.id.desc())
      .where(sql`${table.listed} AND ${table.orderId} IS NULL AND NOT ${table.sold}`),
    // An event's check-in count, and how many tickets it has, read from the index alone.
    index('tickets_event_check_in_idx').on(table.eventId, table.checkedInAt),
    // One ticket per seat of an event. Section and row may be unknown; '' stands for that, which no
    // organiser can name (both are at least one character), so a seat without them is unique too.
    uniqueIndex('tickets_event_seat_idx')
      .on(table.eventId, sql`coalesce(${table.section}, '')`, sql`coalesce(${table.row}, '')`, table.seat)
      .where(sql`${table.seat} IS NOT NULL`),
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

/**
 * Each time a sale moved a ticket to its buyer: from whom, to whom, by which order, at what price.
 * One per order, which is how a redelivered order.completed knows it was applied.
 */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    fromUserId: text().notNull(),
    toUserId: text().notNull(),
    orderId: uuid().notNull().unique('transfers_order_id_unique'),
    /** What the buyer paid for the ticket, the fee aside; cents. */
    priceCents: integer().notNull(),
    transferredAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    // A seller's sales, newest first.
    index('transfers_from_user_idx').on(table.fromUserId, table.transferredAt.desc()),
  ],
);

export const schema = { events, tickets, releasedOrders, transfers, outbox };
export type TicketsSchema = typeof schema;
export type Event = typeof events.$inferSelect;
export type Ticket = typeof tickets.$inferSelect;
export type Transfer = typeof transfers.$inferSelect;
