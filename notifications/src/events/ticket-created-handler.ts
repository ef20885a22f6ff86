import type { EventHandler } from '@ticketing/common';
import { insertTicket } from '../db/replicas';
import type { NotificationsDeps } from '../domain/deps';

/** Which event a ticket admits to and where it seats: fixed at issue, so later versions are not needed. */
export function ticketCreatedHandler({ db }: NotificationsDeps): EventHandler<'ticket.created'> {
  return {
    subject: 'ticket.created',
    async handle(ticket) {
      await insertTicket(db, { id: ticket.id, eventId: ticket.eventId ?? null, section: ticket.section ?? null, row: ticket.row ?? null, seat: ticket.seat ?? null });
    },
  };
}
