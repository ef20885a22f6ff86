import type { Db, EventHandler } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { insertTicket } from '../db/tickets';

/** A new listing can be ordered once it is in the replica; a redelivery finds it there and changes nothing. */
export function ticketCreatedHandler(db: Db<OrdersSchema>): EventHandler<'ticket.created'> {
  return {
    subject: 'ticket.created',
    async handle(ticket) {
      await insertTicket(db, {
        id: ticket.id,
        title: ticket.title,
        priceCents: ticket.price,
        userId: ticket.userId,
        // Tickets listed before events existed carry no event, which keeps them from sale (assertCanBuy).
        eventId: ticket.eventId ?? null,
        startsAt: ticket.startsAt === undefined ? null : new Date(ticket.startsAt),
        listed: ticket.listed ?? true,
        version: ticket.version,
      });
    },
  };
}
