import { EventRejectedError, RetryLaterError, type Db, type EventHandler, type Logger } from '@ticketing/common';
import { wasReleased } from '../db/released-orders';
import type { TicketsSchema } from '../db/schema';
import { holdTicket, lockTicket } from '../db/tickets';
import { wasTransferredBy } from '../db/transfers';

/** Holds the ticket for the new order, keeping its buyer and price for the sale: nobody else can buy or edit it meanwhile. */
export function orderCreatedHandler(db: Db<TicketsSchema>, logger: Logger): EventHandler<'order.created'> {
  return {
    subject: 'order.created',
    async handle(order) {
      await db.transaction(async (tx) => {
        const ticket = await lockTicket(tx, order.ticket.id);
        if (!ticket) throw new EventRejectedError(`order ${order.id} names unknown ticket ${order.ticket.id}`);
        if (ticket.orderId === order.id) return; // already applied
        if (await wasReleased(tx, order.id)) return; // cancelled before its creation reached us
        if (await wasTransferredBy(tx, order.id)) return; // paid, and the ticket already moved to its buyer
        if (ticket.sold) {
          logger.error({ orderId: order.id, ticketId: ticket.id }, 'order created for a sold ticket; ignored');
          return;
        }
        // Held by an earlier order whose cancellation has not arrived yet: apply after it.
        if (ticket.orderId) throw new RetryLaterError(`ticket ${ticket.id} still held by order ${ticket.orderId}`);
        await holdTicket(tx, ticket, { id: order.id, buyerId: order.userId, priceCents: order.ticket.price });
      });
    },
  };
}
