import { ConflictError, ForbiddenError, NotFoundError } from '@ticketing/common';
import { findTicket } from '../db/tickets';
import { issueCredential } from './credential';
import type { TicketsDeps } from './deps';

/**
 * The holder's credential for their ticket, to draw its rotating code offline: for its current
 * generation, signed with the first key. A ticket checked in still shows it, so its holder sees
 * that; a ticket a sale could not move to a buyer has none.
 */
export async function holderCredential({ db, credentials }: Pick<TicketsDeps, 'db' | 'credentials'>, userId: string, ticketId: string) {
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw new NotFoundError('Ticket not found');
  if (ticket.userId !== userId) throw new ForbiddenError("Only its holder can see a ticket's code");
  if (!ticket.eventId) throw new ConflictError('This ticket was listed before events existed and has no code');
  if (ticket.sold) throw new ConflictError('This ticket was sold before sales moved tickets to their buyers, and has no code');
  return issueCredential(credentials, { ticketId: ticket.id, eventId: ticket.eventId, generation: ticket.credentialGeneration });
}
