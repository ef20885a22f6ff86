import { EventRejectedError, RetryLaterError, type Db, type EventHandler, type Logger } from '@ticketing/common';
import { wasReleased } from '../db/released-orders';
import type { TicketsSchema } from '../db/schema';
import { changeTicket, lockTicket } from '../db/tickets';

/** Holds the ticket for the new order: nobody else can buy or edit it meanwhile. */
export function orderCreatedHandler(db: Db<TicketsSchema>, logger: Logger): EventHandler<'order.created'> {
  return {
    subject: 'order.created',
    async handle(order) {
      await db.transaction(async (tx) => {
        const ticket = await lockTicket(tx, order.ticket.id);
        if (!ticket) throw new EventRejectedError(`order ${order.id} names unknown ticket ${order.ticket.id}`);
        if (ticket.orderId === order.id) return; // already applied
        if (await wasReleased(tx, order.id)) return; // cancelled before its creation reached us
        if (ticket.sold) {
          logger.error({ orderId: order.id, ticketId: ticket.id }, 'order created for a sold ticket; ignored');
          return;
        }
        // Held by an earlier order whose cancellation has not arrived yet: apply after it.
        if (ticket.orderId) throw new RetryLaterError(`ticket ${ticket.id} still held by order ${ticket.orderId}`);
        await changeTicket(tx, ticket, { orderId: order.id });
      });
    },
  };
}
