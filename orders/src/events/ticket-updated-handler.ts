import { RetryLaterError, decideVersion, type Db, type EventHandler } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { lockTicket, updateTicket } from '../db/tickets';

/** Applies a seller's new title or price, strictly in version order. */
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
        await updateTicket(tx, ticket.id, { title: ticket.title, priceCents: ticket.price, version: ticket.version });
      });
    },
  };
}
