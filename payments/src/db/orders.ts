import { eq } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { orders, type Order, type PaymentsSchema, type PaymentsTx } from './schema';

/** Adds an order to the replica; false when it is already there (a redelivered order.created). */
export async function insertOrder(db: Db<PaymentsSchema>, order: Order): Promise<boolean> {
  const inserted = await db.insert(orders).values(order).onConflictDoNothing({ target: orders.id }).returning({ id: orders.id });
  return inserted.length > 0;
}

/**
 * Reads the order and locks it until the transaction ends. Every attempt to pay it, every webhook
 * about it and its cancellation queue here, so they act on it one at a time.
 */
export async function lockOrder(tx: PaymentsTx, id: string): Promise<Order | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return order;
}

export async function markOrderCancelled(tx: PaymentsTx, id: string, version: number): Promise<void> {
  await tx.update(orders).set({ status: 'cancelled', version }).where(eq(orders.id, id));
}
