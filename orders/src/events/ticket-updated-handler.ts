import { RetryLaterError, decideVersion, type Db, type EventHandler } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { lockTicket, updateTicket } from '../db/tickets';

/**
 * Applies a holder's new title, price or listing, its event's start, and a new holder after a sale,
 * strictly in version order.
 * A field the event does not carry (a publisher from before events) keeps what the replica knows.
 */
export function ticketUpdatedHandler(db: Db<OrdersSchema>): EventHandler<'ticket.updated'> {
  return {
    subject: 'ticket.updated',
    async handle(ticket) {
      await db.transaction(async (tx) => {
        const held = await lockTicket(tx, ticket.id);
        if (!held) throw new RetryLaterError(`ticket ${ticket.id} not yet created in the replica`);
        const decision = decideVersion(held.version, ticket.version);
        if (decision === 'already-applied') return;
        if (decision === 'too-new') throw new RetryLaterError(`ticket ${ticket.id} is at version ${held.version}, got ${ticket.version}`);
        await updateTicket(tx, ticket.id, {
          title: ticket.title,
          priceCents: ticket.price,
          userId: ticket.userId,
          eventId: ticket.eventId ?? held.eventId,
          startsAt: ticket.startsAt === undefined ? held.startsAt : new Date(ticket.startsAt),
          listed: ticket.listed ?? held.listed,
          version: ticket.version,
        });
      });
    },
  };
}
