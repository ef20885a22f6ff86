import { EventRejectedError, RetryLaterError, type Db, type EventHandler, type Logger } from '@ticketing/common';
import type { TicketsSchema } from '../db/schema';
import { changeTicket, lockTicket } from '../db/tickets';

/** The holding order was paid: the ticket is sold for good. */
export function orderCompletedHandler(db: Db<TicketsSchema>, logger: Logger): EventHandler<'order.completed'> {
  return {
    subject: 'order.completed',
    async handle(order) {
      await db.transaction(async (tx) => {
        const ticket = await lockTicket(tx, order.ticket.id);
        if (!ticket) throw new EventRejectedError(`order ${order.id} names unknown ticket ${order.ticket.id}`);
        if (ticket.sold) {
          if (ticket.orderId !== order.id) logger.error({ orderId: order.id, ticketId: ticket.id }, 'ticket already sold to another order');
          return;
        }
        // Its order.created has not been applied yet (or an older hold is still being released).
        if (ticket.orderId !== order.id) throw new RetryLaterError(`ticket ${ticket.id} not yet held by order ${order.id}`);
        await changeTicket(tx, ticket, { sold: true });
      });
    },
  };
}
