import { RetryLaterError, type Envelope, type Subject } from '@ticketing/common';
import { findEvent, findOrder, findTicket } from '../db/replicas';
import { insertNotice } from '../db/notices';
import type { NotificationsTx, OrderRow } from '../db/schema';
import type { NotificationsDeps } from './deps';
import type { NoticeFacts } from './notice';
import type { NoticeKind } from './vocabulary';

/** Who is told what of one event. */
export interface Telling {
  recipientId: string;
  kind: NoticeKind;
}

/*
 * An order, ticket or event that has not arrived yet is waited for: the events that bring them come
 * before the one being handled, but on other subjects, so they may be handled after it.
 */

export async function placedOrder(tx: NotificationsTx, orderId: string): Promise<OrderRow> {
  const order = await findOrder(tx, orderId);
  if (!order) throw new RetryLaterError(`order ${orderId} not yet in the replica`);
  return order;
}

/** The facts of an order as its notices name them, from the replicas. */
export async function orderFacts(tx: NotificationsTx, currency: string, placed: OrderRow): Promise<NoticeFacts> {
  const ticket = await findTicket(tx, placed.ticketId);
  if (!ticket) throw new RetryLaterError(`ticket ${placed.ticketId} of order ${placed.id} not yet in the replica`);
  const event = ticket.eventId ? await findEvent(tx, ticket.eventId) : undefined;
  if (ticket.eventId && !event) throw new RetryLaterError(`event ${ticket.eventId} of ticket ${ticket.id} not yet in the replica`);
  return {
    orderId: placed.id,
    event: event
      ? { id: event.id, name: event.name, venue: event.venue, city: event.city, startsAt: event.startsAt.toISOString(), timeZone: event.timeZone }
      : null,
    place: { section: ticket.section, row: ticket.row, seat: ticket.seat },
    currency,
    priceCents: placed.priceCents,
    feeCents: placed.feeCents,
    totalCents: placed.totalCents,
    expiresAt: placed.expiresAt.toISOString(),
    payoutCents: null,
  };
}

/**
 * Records each recipient's notice of the event, and its e-mail when mail is on, in the caller's
 * transaction. A recipient who already has one from this event gets nothing more, so a redelivery or
 * a replay tells nobody twice. Resolves to the kinds of the notices it recorded.
 */
export async function tell(tx: NotificationsTx, deps: NotificationsDeps, envelope: Envelope<Subject>, facts: NoticeFacts, tellings: Telling[]): Promise<NoticeKind[]> {
  const email = deps.mail ? { messageIdOf: deps.mail.messageIdOf, dueAt: deps.now() } : undefined;
  const recorded: NoticeKind[] = [];
  for (const { recipientId, kind } of tellings) {
    const notice = await insertNotice(tx, { recipientId, envelopeId: envelope.id, kind, facts, occurredAt: new Date(envelope.occurredAt) }, email);
    if (!notice) continue;
    recorded.push(kind);
    deps.logger.info({ noticeId: notice.id, kind, recipientId, envelopeId: envelope.id }, 'notice recorded');
  }
  return recorded;
}

/**
 * Runs `work` in one transaction, then tells `onNoticeRecorded` of each notice it recorded: only
 * once committed, so one waiting for its replicas (rolled back) counts nothing.
 */
export async function inNoticeTransaction(deps: NotificationsDeps, work: (tx: NotificationsTx) => Promise<NoticeKind[]>): Promise<void> {
  const recorded = await deps.db.transaction(work);
  for (const kind of recorded) deps.onNoticeRecorded?.(kind);
}
