import type { Envelope, OrderCancelledData, OrderCompletedData, OrderCreatedData, PayoutSentData } from '@ticketing/common';
import { insertOrder } from '../db/replicas';
import type { OrderRow } from '../db/schema';
import type { NotificationsDeps } from './deps';
import { inNoticeTransaction, orderFacts, placedOrder, tell } from './tell';

/*
 * What each order event tells whom. The order's figures are kept from order.created, so the later
 * notices name the same amounts the buyer was shown.
 */

/** The buyer's ticket is held while they pay. */
export async function tellOrderHeld(deps: NotificationsDeps, placed: OrderCreatedData, envelope: Envelope<'order.created'>): Promise<void> {
  const order: OrderRow = {
    id: placed.id,
    buyerId: placed.userId,
    sellerId: placed.sellerId ?? null,
    ticketId: placed.ticket.id,
    priceCents: placed.ticket.price,
    // An order.created from before version 2 has no figures: its order was placed with no fee.
    feeCents: placed.fee ?? 0,
    totalCents: placed.total ?? placed.ticket.price,
    expiresAt: new Date(placed.expiresAt),
  };
  await inNoticeTransaction(deps, async (tx) => {
    // Before the order is kept: a ticket not yet known leaves nothing behind while it is waited for.
    const facts = await orderFacts(tx, deps.currency, order);
    await insertOrder(tx, order);
    return tell(tx, deps, envelope, facts, [{ recipientId: order.buyerId, kind: 'order-held' }]);
  });
}

/** Paid: the buyer has the ticket, and its seller has sold it. */
export async function tellOrderPaid(deps: NotificationsDeps, completed: OrderCompletedData, envelope: Envelope<'order.completed'>): Promise<void> {
  await inNoticeTransaction(deps, async (tx) => {
    const order = await placedOrder(tx, completed.id);
    const facts = await orderFacts(tx, deps.currency, order);
    return tell(tx, deps, envelope, facts, [
      { recipientId: order.buyerId, kind: 'order-paid' },
      ...(order.sellerId ? [{ recipientId: order.sellerId, kind: 'ticket-sold' as const }] : []),
    ]);
  });
}

/** The hold ended unpaid, or the buyer gave it up. */
export async function tellOrderCancelled(deps: NotificationsDeps, cancelled: OrderCancelledData, envelope: Envelope<'order.cancelled'>): Promise<void> {
  await inNoticeTransaction(deps, async (tx) => {
    const order = await placedOrder(tx, cancelled.id);
    const facts = await orderFacts(tx, deps.currency, order);
    return tell(tx, deps, envelope, facts, [{ recipientId: order.buyerId, kind: cancelled.reason === 'expired' ? 'order-expired' : 'order-cancelled' }]);
  });
}

/** The seller's proceeds were transferred, in the currency the transfer was made in. */
export async function tellPayoutSent(deps: NotificationsDeps, payout: PayoutSentData, envelope: Envelope<'payout.sent'>): Promise<void> {
  await inNoticeTransaction(deps, async (tx) => {
    const order = await placedOrder(tx, payout.orderId);
    const facts = await orderFacts(tx, payout.currency, order);
    return tell(tx, deps, envelope, { ...facts, payoutCents: payout.amount }, [{ recipientId: payout.sellerId, kind: 'payout-sent' }]);
  });
}
