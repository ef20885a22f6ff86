import { and, asc, count, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import { recordEvent, type Cursor, type Db } from '@ticketing/common';
import type { PriceCursor } from '../domain/cursor';
import { statusOf, ticketCreatedData, ticketUpdatedData, type Place } from '../domain/ticket';
import { eventMatches, findEvent, refreshEventSummary } from './events';
import { isListed } from './listed';
import { events, tickets, type Event, type Ticket, type TicketsSchema } from './schema';

/** A transaction of the tickets database, as queries inside one take it. */
export type Tx = Parameters<Parameters<Db<TicketsSchema>['transaction']>[0]>[0];

/**
 * Issues tickets of the event to its organiser, listed at face value, one per place, recording a
 * ticket.created for each in the caller's transaction. The caller refreshes the event's summary.
 */
export async function insertEventTickets(tx: Tx, event: Event, faceValueCents: number, places: Place[]): Promise<Ticket[]> {
  const issued = await tx
    .insert(tickets)
    .values(
      places.map((place) => ({
        ...place,
        title: event.name,
        priceCents: faceValueCents,
        faceValueCents,
        userId: event.organiserId,
        eventId: event.id,
      })),
    )
    .returning();
  for (const ticket of issued) await recordEvent(tx, 'ticket.created', ticketCreatedData(ticket, event.startsAt));
  return issued;
}

/** Those of `seats` in the event's section and row that a ticket already has. */
export async function takenSeats(tx: Tx, eventId: string, where: { section: string | null; row: string | null; seats: string[] }): Promise<string[]> {
  const rows = await tx
    .select({ seat: tickets.seat })
    .from(tickets)
    .where(
      and(
        eq(tickets.eventId, eventId),
        // As tickets_event_seat_idx is built, so that index answers it.
        sql`coalesce(${tickets.section}, '') = ${where.section ?? ''}`,
        sql`coalesce(${tickets.row}, '') = ${where.row ?? ''}`,
        inArray(tickets.seat, where.seats),
      ),
    );
  return rows.map((row) => row.seat!);
}

export async function findTicket(db: Db<TicketsSchema>, id: string): Promise<Ticket | undefined> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, id));
  return ticket;
}

/** Reads the ticket and locks it until the transaction ends, so changes to it happen one at a time. */
export async function lockTicket(tx: Tx, id: string): Promise<Ticket | undefined> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return ticket;
}

/** Locks every ticket of the event, in id order, so that a change of the event takes them before the event, as ticket changes do. */
export async function lockTicketsOfEvent(tx: Tx, eventId: string): Promise<void> {
  await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.eventId, eventId)).orderBy(asc(tickets.id)).for('update');
}

/**
 * After its event was renamed or moved, each of its tickets takes the event's name as its title and
 * one more version, and a ticket.updated carries the new start, so that orders closes sales when the
 * event now starts. One statement for all of them; listings and the summary do not change.
 */
export async function followEventChange(tx: Tx, event: Event): Promise<void> {
  const changed = await tx
    .update(tickets)
    .set({ title: event.name, version: sql`${tickets.version} + 1` })
    .where(eq(tickets.eventId, event.id))
    .returning();
  for (const ticket of changed) await recordEvent(tx, 'ticket.updated', ticketUpdatedData(ticket, event.startsAt));
}

/** What a change may set on a ticket; the version is changeTicket's to set. */
type TicketChanges = Partial<
  Pick<Ticket, 'priceCents' | 'listed' | 'orderId' | 'heldForUserId' | 'heldPriceCents' | 'sold' | 'userId' | 'credentialGeneration' | 'checkedInAt'>
>;

/**
 * Applies a change to a locked ticket: one more version, the ticket.updated event that carries it,
 * and for a ticket of an event its event's refreshed summary, in the caller's transaction. The ticket
 * is locked before its event, as everywhere that changes tickets, so that no two transactions wait
 * on each other. The summary counts listed tickets only, so a change to a ticket listed neither
 * before nor after leaves it alone and takes no lock on the event: check-ins at one door do not
 * queue behind each other there.
 */
export async function changeTicket(tx: Tx, ticket: Ticket, changes: TicketChanges): Promise<Ticket> {
  const [updated] = await tx
    .update(tickets)
    .set({ ...changes, version: ticket.version + 1 })
    .where(and(eq(tickets.id, ticket.id), eq(tickets.version, ticket.version)))
    .returning();
  if (!updated) throw new Error(`ticket ${ticket.id} changed while locked`);
  const event = updated.eventId ? await findEvent(tx, updated.eventId) : undefined;
  await recordEvent(tx, 'ticket.updated', ticketUpdatedData(updated, event?.startsAt));
  if (event && (statusOf(ticket) === 'listed' || statusOf(updated) === 'listed')) await refreshEventSummary(tx, event.id);
  return updated;
}

/** Holds a locked ticket for a new order, keeping its buyer and price for the sale. */
export function holdTicket(tx: Tx, ticket: Ticket, order: { id: string; buyerId: string; priceCents: number }): Promise<Ticket> {
  return changeTicket(tx, ticket, { orderId: order.id, heldForUserId: order.buyerId, heldPriceCents: order.priceCents });
}

/** Releases a locked ticket from the order holding it: it is listed again if its holder left it listed. */
export function releaseTicket(tx: Tx, ticket: Ticket): Promise<Ticket> {
  return changeTicket(tx, ticket, { orderId: null, heldForUserId: null, heldPriceCents: null });
}

/** Lets a locked ticket in at the door; a listing it had is withdrawn, since nobody can use it after. */
export function checkInTicket(tx: Tx, ticket: Ticket, at: Date): Promise<Ticket> {
  return changeTicket(tx, ticket, { checkedInAt: at, listed: false });
}

/** How many of the event's tickets have checked in, and how many it has: read from tickets_event_check_in_idx. */
export async function checkInCountsOf(db: Db<TicketsSchema> | Tx, eventId: string): Promise<{ checkedIn: number; issued: number }> {
  const [counts] = await db
    .select({ checkedIn: count(tickets.checkedInAt), issued: count() })
    .from(tickets)
    .where(eq(tickets.eventId, eventId));
  return counts!;
}

/**
 * Newest first, spelled as the indexes on tickets hold it. drizzle-kit builds a descending index
 * column DESC NULLS LAST, while a plain DESC puts nulls first, so PostgreSQL could not read that
 * order from the indexes and would sort every listed ticket for each page. createdAt and id are never
 * null: it is the same order.
 */
const newestFirst = [sql`${tickets.createdAt} desc nulls last`, sql`${tickets.id} desc nulls last`];

/**
 * Tickets after `after` in newest-first order: listed earlier, or at the same instant with a smaller
 * id. A row comparison, so that an index on (createdAt, id) starts its walk at the cursor rather than
 * passing over every page before it.
 */
const listedBefore = (after: Cursor) =>
  sql`(${tickets.createdAt}, ${tickets.id}) < (${sql.param(after.at, tickets.createdAt)}, ${sql.param(after.id, tickets.id)})`;

/**
 * Listed tickets of events starting after `now`, which a buyer can order now, newest first, paged by
 * (createdAt, id); `search` is looked for in their event's name, venue and city. tickets_listed_idx
 * gives them in order, each joined to its event by its key; a ticket of an event that has started
 * stays listed in its row, and is passed over here.
 */
export function listOnSale(db: Db<TicketsSchema> | Tx, options: { now: Date; search?: string; after?: Cursor; limit: number }) {
  const { now, search, after, limit } = options;
  return db
    .select(getTableColumns(tickets))
    .from(tickets)
    .innerJoin(events, eq(events.id, tickets.eventId))
    .where(
      and(
        isListed,
        gt(events.startsAt, now),
        search ? eventMatches(search) : undefined,
        after ? listedBefore(after) : undefined,
      ),
    )
    .orderBy(...newestFirst)
    .limit(limit);
}

/** After the cursor in (price, id) order, as a row comparison, so the event's price index starts its walk there. */
const cheaperAfter = (after: PriceCursor) =>
  sql`(${tickets.priceCents}, ${tickets.id}) > (${sql.param(after.priceCents, tickets.priceCents)}, ${sql.param(after.id, tickets.id)})`;

/** The event's listed tickets, cheapest first, paged by (price, id). */
export function listEventTicketsByPrice(db: Db<TicketsSchema> | Tx, eventId: string, options: { after?: PriceCursor; limit: number }) {
  const { after, limit } = options;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.eventId, eventId),
        isListed,
        after ? cheaperAfter(after) : undefined,
      ),
    )
    .orderBy(asc(tickets.priceCents), asc(tickets.id))
    .limit(limit);
}

/** The event's listed tickets, newest first, paged by (createdAt, id). */
export function listEventTicketsByNewest(db: Db<TicketsSchema>, eventId: string, options: { after?: Cursor; limit: number }): Promise<Ticket[]> {
  const { after, limit } = options;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.eventId, eventId),
        isListed,
        after ? listedBefore(after) : undefined,
      ),
    )
    .orderBy(...newestFirst)
    .limit(limit);
}

export function listByHolder(db: Db<TicketsSchema>, userId: string): Promise<Ticket[]> {
  return db.select().from(tickets).where(eq(tickets.userId, userId)).orderBy(...newestFirst).limit(500);
}
