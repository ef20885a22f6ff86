import { eq } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { tickets, type OrdersSchema, type OrdersTx, type Ticket } from './schema';

/** Adds a ticket to the replica; false when it is already there (a redelivered ticket.created). */
export async function insertTicket(db: Db<OrdersSchema>, ticket: Ticket): Promise<boolean> {
  const inserted = await db.insert(tickets).values(ticket).onConflictDoNothing({ target: tickets.id }).returning({ id: tickets.id });
  return inserted.length > 0;
}

/** The ticket as the replica knows it, read without a lock. */
export async function findTicket(db: Db<OrdersSchema>, id: string): Promise<Ticket | undefined> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, id));
  return ticket;
}

/** Reads the ticket and locks it until the transaction ends: purchases and updates of it queue here. */
export async function lockTicket(tx: OrdersTx, id: string): Promise<Ticket | undefined> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
  return ticket;
}

export async function updateTicket(
  tx: OrdersTx,
  id: string,
  changes: Pick<Ticket, 'title' | 'priceCents' | 'userId' | 'eventId' | 'startsAt' | 'listed' | 'version'>,
): Promise<void> {
  await tx.update(tickets).set(changes).where(eq(tickets.id, id));
}
