import { and, asc, eq, inArray, isNull, lt, lte, notInArray, or } from 'drizzle-orm';
import { recordEvent, type CancelReason, type Db } from '@ticketing/common';
import { orders, payments, type Order, type PaymentsSchema, type PaymentsTx } from './schema';

/** Adds an order to payments' copies; false when it is already there (a redelivered order.created). */
export async function insertOrder(db: Db<PaymentsSchema>, order: Omit<Order, 'cancelRequestedAt' | 'closeReason' | 'closedAt'>): Promise<boolean> {
  const inserted = await db.insert(orders).values(order).onConflictDoNothing({ target: orders.id }).returning({ id: orders.id });
  return inserted.length > 0;
}

/**
 * Reads the order and locks it until the transaction ends. Every attempt to pay it, every webhook
 * about it and every request to close it queue here, so they decide about it one at a time.
 */
export async function lockOrder(tx: PaymentsTx, id: string): Promise<Order | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return order;
}

export async function markCancelRequested(tx: PaymentsTx, id: string, at: Date): Promise<void> {
  await tx.update(orders).set({ cancelRequestedAt: at }).where(eq(orders.id, id));
}

/** The order will never be charged: closed, and payment.closed, in its purchase's trace, tells orders to cancel it. */
export async function closeOrder(tx: PaymentsTx, order: Order, reason: CancelReason, at: Date): Promise<void> {
  await tx.update(orders).set({ status: 'closed', closeReason: reason, closedAt: at }).where(eq(orders.id, order.id));
  await recordEvent(tx, 'payment.closed', { orderId: order.id, reason }, { trace: order.traceContext });
}

export async function markOrderPaid(tx: PaymentsTx, id: string): Promise<void> {
  await tx.update(orders).set({ status: 'paid' }).where(eq(orders.id, id));
}

/**
 * Open orders whose hold ended before `expiredBefore` and that nothing stands for any more: no charge
 * under way, or a buyer in 3-D Secure whose hold ended by `authenticationGaveUpBefore`. Locked, skipping
 * rows another transaction holds (a payment being decided, another replica's sweep).
 */
export function lockOverdueOrders(tx: PaymentsTx, cutoffs: { expiredBefore: Date; authenticationGaveUpBefore: Date }, limit: number): Promise<Order[]> {
  return tx
    .select({ order: orders })
    .from(orders)
    .leftJoin(payments, eq(payments.orderId, orders.id))
    .where(
      and(
        eq(orders.status, 'open'),
        lt(orders.expiresAt, cutoffs.expiredBefore),
        or(
          isNull(payments.status),
          notInArray(payments.status, ['confirming', 'requires_action', 'processing']),
          and(inArray(payments.status, ['requires_action', 'processing']), lte(orders.expiresAt, cutoffs.authenticationGaveUpBefore)),
        ),
      ),
    )
    .orderBy(asc(orders.expiresAt))
    .limit(limit)
    .for('update', { of: orders, skipLocked: true })
    .then((rows) => rows.map((row) => row.order));
}
