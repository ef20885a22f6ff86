import { eq } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { events, orders, tickets, users, type EventRow, type NotificationsSchema, type NotificationsTx, type OrderRow, type TicketRow } from './schema';

/*
 * Queries only: what notifications keeps of other services' entities, to name them in notices.
 */

type Reader = Db<NotificationsSchema> | NotificationsTx;

/** A user's address is set once: auth never changes it, and a replay carries the same one. */
export async function insertUser(db: Reader, user: { id: string; email: string }): Promise<void> {
  await db.insert(users).values(user).onConflictDoNothing({ target: users.id });
}

export async function findUserEmail(db: Reader, userId: string): Promise<string | undefined> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user?.email;
}

export async function lockEvent(tx: NotificationsTx, eventId: string): Promise<EventRow | undefined> {
  const [event] = await tx.select().from(events).where(eq(events.id, eventId)).for('update');
  return event;
}

/** Inserts version 0 or replaces the held version with the next. */
export async function saveEvent(tx: NotificationsTx, event: EventRow): Promise<void> {
  await tx.insert(events).values(event).onConflictDoUpdate({ target: events.id, set: event });
}

export async function findEvent(db: Reader, eventId: string): Promise<EventRow | undefined> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  return event;
}

export async function insertTicket(db: Reader, ticket: TicketRow): Promise<void> {
  await db.insert(tickets).values(ticket).onConflictDoNothing({ target: tickets.id });
}

export async function findTicket(db: Reader, ticketId: string): Promise<TicketRow | undefined> {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  return ticket;
}

/** An order's figures never change after it is placed; a redelivery finds it kept. */
export async function insertOrder(db: Reader, order: OrderRow): Promise<void> {
  await db.insert(orders).values(order).onConflictDoNothing({ target: orders.id });
}

export async function findOrder(db: Reader, orderId: string): Promise<OrderRow | undefined> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  return order;
}
