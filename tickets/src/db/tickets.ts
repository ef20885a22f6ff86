import { and, desc, eq, ilike, isNull, lt, or } from 'drizzle-orm';
import { recordEvent, type Db } from '@ticketing/common';
import { containing } from './like-pattern';
import { tickets, type Ticket, type TicketsSchema } from './schema';
import type { Cursor } from '../domain/cursor';
import { ticketUpdatedData } from '../domain/ticket';

/** A transaction of the tickets database, as queries inside one take it. */
export type Tx = Parameters<Parameters<Db<TicketsSchema>['transaction']>[0]>[0];

/** Lists a ticket and records ticket.created in one transaction. */
export function createTicket(db: Db<TicketsSchema>, values: { title: string; priceCents: number; userId: string }): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx.insert(tickets).values(values).returning();
    await recordEvent(tx, 'ticket.created', {
      id: ticket!.id,
      version: ticket!.version,
      title: ticket!.title,
      price: ticket!.priceCents,
      userId: ticket!.userId,
    });
    return ticket!;
  });
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
 * Applies a change to a locked ticket: one more version, and the ticket.updated event that carries
 * it, in the caller's transaction.
 */
export async function changeTicket(
  tx: Tx,
  ticket: Ticket,
  changes: Partial<Pick<Ticket, 'title' | 'priceCents' | 'orderId' | 'sold'>>,
): Promise<Ticket> {
  const [updated] = await tx
    .update(tickets)
    .set({ ...changes, version: ticket.version + 1 })
    .where(and(eq(tickets.id, ticket.id), eq(tickets.version, ticket.version)))
    .returning();
  if (!updated) throw new Error(`ticket ${ticket.id} changed while locked`);
  await recordEvent(tx, 'ticket.updated', ticketUpdatedData(updated));
  return updated;
}

/** Neither held by an order nor sold: the predicate of the partial indexes on tickets. */
export const onSale = and(isNull(tickets.orderId), eq(tickets.sold, false));

export function listOnSale(db: Db<TicketsSchema>, options: { search?: string; after?: Cursor; limit: number }): Promise<Ticket[]> {
  const { search, after, limit } = options;
  return db
    .select()
    .from(tickets)
    .where(
      and(
        onSale,
        search ? ilike(tickets.title, containing(search)) : undefined,
        after
          ? or(lt(tickets.createdAt, after.at), and(eq(tickets.createdAt, after.at), lt(tickets.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit);
}

export function listBySeller(db: Db<TicketsSchema>, userId: string): Promise<Ticket[]> {
  return db.select().from(tickets).where(eq(tickets.userId, userId)).orderBy(desc(tickets.createdAt), desc(tickets.id)).limit(500);
}
