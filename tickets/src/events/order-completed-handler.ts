import { EventRejectedError, RetryLaterError, type Db, type EventHandler, type Logger } from '@ticketing/common';
import type { TicketsSchema } from '../db/schema';
import { changeTicket, lockTicket } from '../db/tickets';
import { transferTicket, wasTransferredBy } from '../db/transfers';
import { decideSale } from '../domain/sale';

/** The holding order was paid: the ticket moves to its buyer, with the transfer recorded, in one transaction. */
export function orderCompletedHandler(db: Db<TicketsSchema>, logger: Logger): EventHandler<'order.completed'> {
  return {
    subject: 'order.completed',
    async handle(order) {
      await db.transaction(async (tx) => {
        const ticket = await lockTicket(tx, order.ticket.id);
        if (!ticket) throw new EventRejectedError(`order ${order.id} names unknown ticket ${order.ticket.id}`);
        const decision = decideSale(ticket, order.id, await wasTransferredBy(tx, order.id));
        switch (decision.kind) {
          case 'applied':
            return;
          case 'sold-to-another':
            logger.error({ orderId: order.id, ticketId: ticket.id }, 'ticket already sold to another order');
            return;
          case 'wait':
            throw new RetryLaterError(`ticket ${ticket.id} not yet held by order ${order.id}`);
          case 'transfer':
            await transferTicket(tx, decision.ticket, decision.sale);
            return;
          case 'sell-in-place':
            if (ticket.eventId) logger.warn({ orderId: order.id, ticketId: ticket.id }, 'held before tickets learned buyers: sold in place, its buyer gets no code');
            await changeTicket(tx, ticket, { sold: true, credentialGeneration: ticket.credentialGeneration + 1 });
            return;
          default: {
            const unhandled: never = decision;
            throw new Error(`unhandled sale decision ${JSON.stringify(unhandled)}`);
          }
        }
      });
    },
  };
}
