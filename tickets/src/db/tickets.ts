import { and, asc, desc, eq, gt, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import { recordEvent, type Db } from '@ticketing/common';
import type { Cursor, PriceCursor } from '../domain/cursor';
import { ticketCreatedData, ticketUpdatedData, type Place } from '../domain/ticket';
import { findEvent, refreshEventSummary } from './events';
import { containing } from './like-pattern';
import { onSale } from './on-sale';
import { tickets, type Event, type Ticket, type TicketsSchema } from './schema';

/** A transaction of the tickets database, as queries inside one take it. */
export type Tx = Parameters<Parameters<Db<TicketsSchema>['transaction']>[0]>[0];

/** Lists a ticket of version 1, of no event, and records ticket.created in one transaction. */
export function createTicket(db: Db<TicketsSchema>, values: { title: string; priceCents: number; userId: string }): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx.insert(tickets).values(values).returning();
    await recordEvent(tx, 'ticket.created', ticketCreatedData(ticket!, undefined));
    return ticket!;
  });
}

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

/**
 * Applies a change to a locked ticket: one more version, the ticket.updated event that carries it,
 * and for a ticket of an event its event's refreshed summary, in the caller's transaction. The ticket
 * is locked before its event, as everywhere that changes tickets, so that no two transactions wait
 * on each other.
 */
export async function changeTicket(
  tx: Tx,
  ticket: Ticket,
  changes: Partial<Pick<Ticket, 'title' | 'priceCents' | 'listed' | 'orderId' | 'sold'>>,
): Promise<Ticket> {
  const [updated] = await tx
    .update(tickets)
    .set({ ...changes, version: ticket.version + 1 })
    .where(and(eq(tickets.id, ticket.id), eq(tickets.version, ticket.version)))
    .returning();
  if (!updated) throw new Error(`ticket ${ticket.id} changed while locked`);
  const event = updated.eventId ? await findEvent(tx, updated.eventId) : undefined;
  await recordEvent(tx, 'ticket.updated', ticketUpdatedData(updated, event?.startsAt));
  if (event) await refreshEventSummary(tx, event.id);
  return updated;
}

/** Tickets after `after` in newest-first order: listed earlier, or at the same instant with a smaller id. */
const listedBefore = (after: Cursor) => or(lt(tickets.createdAt, after.at), and(eq(tickets.createdAt, after.at), lt(tickets.id, after.id)));

export function listOnSale(db: Db<TicketsSchema>, options: { search?: string; after?: Cursor; limit: number }): Promise<Ticket[]> {
  const { search, after, limit } = options;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        onSale,
        search ? ilike(tickets.title, containing(search)) : undefined,
        after ? listedBefore(after) : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit);
}

/** The event's on-sale tickets, cheapest first, paged by (price, id). */
export function listEventTicketsByPrice(db: Db<TicketsSchema>, eventId: string, options: { after?: PriceCursor; limit: number }): Promise<Ticket[]> {
  const { after, limit } = options;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.eventId, eventId),
        onSale,
        after ? or(gt(tickets.priceCents, after.priceCents), and(eq(tickets.priceCents, after.priceCents), gt(tickets.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(tickets.priceCents), asc(tickets.id))
    .limit(limit);
}

/** The event's on-sale tickets, newest first, paged by (createdAt, id). */
export function listEventTicketsByNewest(db: Db<TicketsSchema>, eventId: string, options: { after?: Cursor; limit: number }): Promise<Ticket[]> {
  const { after, limit } = options;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.eventId, eventId),
        onSale,
        after ? listedBefore(after) : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit);
}

export function listBySeller(db: Db<TicketsSchema>, userId: string): Promise<Ticket[]> {
  return db.select().from(tickets).where(eq(tickets.userId, userId)).orderBy(desc(tickets.createdAt), desc(tickets.id)).limit(500);
}
