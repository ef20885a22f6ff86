import { eq, lt } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { releasedOrders, type TicketsSchema } from './schema';
import type { Tx } from './tickets';

export async function rememberReleasedOrder(tx: Tx, orderId: string, ticketId: string): Promise<void> {
  await tx.insert(releasedOrders).values({ orderId, ticketId }).onConflictDoNothing();
}

export async function wasReleased(tx: Tx, orderId: string): Promise<boolean> {
  const [row] = await tx.select({ orderId: releasedOrders.orderId }).from(releasedOrders).where(eq(releasedOrders.orderId, orderId));
  return row !== undefined;
}

/** Forgets orders released before `cutoff`; returns how many. */
export async function pruneReleasedOrders(db: Db<TicketsSchema>, cutoff: Date): Promise<number> {
  const pruned = await db.delete(releasedOrders).where(lt(releasedOrders.releasedAt, cutoff)).returning({ orderId: releasedOrders.orderId });
  return pruned.length;
}
