import { and, desc, eq, ne } from 'drizzle-orm';
import { recordEvent, type CancelReason, type Db, type PriceBreakdown } from '@ticketing/common';
import { orderCreatedData } from '../domain/order';
import { orders, tickets, type Order, type OrdersSchema, type OrdersTx, type Ticket } from './schema';

export interface OrderWithTicket {
  order: Order;
  ticket: Ticket;
}

/** The most orders one listing returns. */
export const MAX_LISTED_ORDERS = 500;

const ACTIVE_ORDER_INDEX = 'orders_one_active_per_ticket_idx';

/**
 * The ticket's latest order that was not cancelled: the one holding it, if any, since no order is
 * placed while one holds the ticket; else the last one that bought it.
 */
export async function findLatestUncancelledOrder(db: Db<OrdersSchema> | OrdersTx, ticketId: string): Promise<Order | undefined> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.ticketId, ticketId), ne(orders.status, 'cancelled')))
    // Backwards along orders_ticket_idx.
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(1);
  return order;
}

/** Places a new order holding the ticket at the figures given and records order.created, in the caller's transaction. */
export async function insertOrder(tx: OrdersTx, ticket: Ticket, values: { userId: string; expiresAt: Date } & PriceBreakdown): Promise<Order> {
  const [order] = await tx
    .insert(orders)
    .values({ ...values, ticketId: ticket.id, status: 'created' })
    .returning();
  await recordEvent(tx, 'order.created', orderCreatedData(order!, ticket));
  return order!;
}

/** True when an insert failed because the ticket already has an active order (the partial unique index). */
export function isActiveOrderConflict(err: unknown): boolean {
  // drizzle wraps the driver's error; the PostgreSQL fields are on its cause.
  for (let current = err; typeof current === 'object' && current !== null; current = (current as { cause?: unknown }).cause) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === ACTIVE_ORDER_INDEX) return true;
  }
  return false;
}

export async function findOrderWithTicket(db: Db<OrdersSchema>, id: string): Promise<OrderWithTicket | undefined> {
  const [row] = await db.select({ order: orders, ticket: tickets }).from(orders).innerJoin(tickets, eq(orders.ticketId, tickets.id)).where(eq(orders.id, id));
  return row;
}

/** Reads the order with its ticket, locking only the order until the transaction ends. */
export async function lockOrderWithTicket(tx: OrdersTx, id: string): Promise<OrderWithTicket | undefined> {
  const [row] = await tx
    .select({ order: orders, ticket: tickets })
    .from(orders)
    .innerJoin(tickets, eq(orders.ticketId, tickets.id))
    .where(eq(orders.id, id))
    .for('update', { of: orders });
  return row;
}

/** Reads the order and locks it until the transaction ends, so its changes happen one at a time. */
export async function lockOrder(tx: OrdersTx, id: string): Promise<Order | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, id)).for('update');
  return order;
}

/** The buyer's orders with their tickets, newest first. */
export function listOrdersOfBuyer(db: Db<OrdersSchema>, userId: string): Promise<OrderWithTicket[]> {
  return db
    .select({ order: orders, ticket: tickets })
    .from(orders)
    .innerJoin(tickets, eq(orders.ticketId, tickets.id))
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(MAX_LISTED_ORDERS);
}

/** One more version with the changes, on a locked order. */
async function changeOrder(tx: OrdersTx, order: Order, changes: Partial<Pick<Order, 'status' | 'cancelRequestedAt' | 'cancelReason'>>): Promise<Order> {
  const [updated] = await tx
    .update(orders)
    .set({ ...changes, version: order.version + 1 })
    .where(and(eq(orders.id, order.id), eq(orders.version, order.version)))
    .returning();
  if (!updated) throw new Error(`order ${order.id} changed while locked`);
  return updated;
}

/** Records the buyer's wish to cancel a locked order, and asks payments with order.cancel-requested. */
export async function requestCancel(tx: OrdersTx, order: Order, at: Date): Promise<Order> {
  const requested = await changeOrder(tx, order, { cancelRequestedAt: at });
  await recordEvent(tx, 'order.cancel-requested', { id: requested.id, version: requested.version });
  return requested;
}

/** Cancels a locked order, releasing its ticket, and records order.cancelled. */
export async function cancelOrder(tx: OrdersTx, order: Order, reason: CancelReason): Promise<Order> {
  const cancelled = await changeOrder(tx, order, { status: 'cancelled', cancelReason: reason });
  await recordEvent(tx, 'order.cancelled', { id: cancelled.id, version: cancelled.version, ticket: { id: cancelled.ticketId }, reason });
  return cancelled;
}

/** Marks a locked order paid, its ticket sold, and records order.completed. */
export async function completeOrder(tx: OrdersTx, order: Order): Promise<Order> {
  const completed = await changeOrder(tx, order, { status: 'complete' });
  await recordEvent(tx, 'order.completed', { id: completed.id, version: completed.version, ticket: { id: completed.ticketId } });
  return completed;
}
