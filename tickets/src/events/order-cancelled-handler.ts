import { EventRejectedError, type Db, type EventHandler } from '@ticketing/common';
import { rememberReleasedOrder } from '../db/released-orders';
import type { TicketsSchema } from '../db/schema';
import { lockTicket, releaseTicket } from '../db/tickets';

/** Releases the ticket from the order, listed again as its holder left it, and remembers the order so a late order.created cannot hold it. */
export function orderCancelledHandler(db: Db<TicketsSchema>): EventHandler<'order.cancelled'> {
  return {
    subject: 'order.cancelled',
    async handle(order) {
      await db.transaction(async (tx) => {
        const ticket = await lockTicket(tx, order.ticket.id);
        if (!ticket) throw new EventRejectedError(`order ${order.id} names unknown ticket ${order.ticket.id}`);
        await rememberReleasedOrder(tx, order.id, ticket.id);
        if (ticket.orderId === order.id && !ticket.sold) await releaseTicket(tx, ticket);
      });
    },
  };
}
