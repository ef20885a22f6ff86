import { RetryLaterError, type CancelReason } from '@ticketing/common';
import { closeOrder, lockOrder, lockOverdueOrders, markCancelRequested } from '../db/orders';
import { findPaymentOfOrder, updatePayment } from '../db/payments';
import type { Order, Payment, PaymentsTx } from '../db/schema';
import type { PaymentsDeps } from './deps';
import { closeDueAfterFailedCharge, decideClose } from './payment';
import { runPaymentWork } from './payment-work';

/**
 * Closes an order that a decision allowed to close, in the caller's transaction. An intent that
 * might still be charged is marked for cancelling at Stripe; the id of the payment whose work is
 * then due is returned, for the caller to run once the transaction has committed.
 */
export async function applyClose(tx: PaymentsTx, order: Order, payment: Payment | undefined, reason: CancelReason, cancelIntent: boolean, at: Date): Promise<string | undefined> {
  await closeOrder(tx, order, reason, at);
  if (!cancelIntent || !payment) return undefined;
  await updatePayment(tx, payment, { status: 'canceling', workDueAt: at });
  return payment.id;
}

/** After a charge failed: closes the order if its hold ran out or its buyer asked to cancel meanwhile. */
export async function closeIfDue(tx: PaymentsTx, deps: PaymentsDeps, order: Order, payment: Payment): Promise<string | undefined> {
  const now = deps.now();
  const reason = closeDueAfterFailedCharge(order, now);
  if (!reason) return undefined;
  const decision = decideClose(order, payment, reason, now, deps.timings);
  return decision.kind === 'close' ? applyClose(tx, order, payment, reason, decision.cancelIntent, now) : undefined;
}

/**
 * The hold ran out, or the buyer asked to cancel: the order closes unless a charge under way must
 * be waited for. A cancellation that must wait is remembered, and applied if that charge fails.
 */
export async function requestClose(deps: PaymentsDeps, orderId: string, reason: CancelReason): Promise<void> {
  const { db, now } = deps;
  const workDue = await db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    // order.created comes on its own consumer and may not have been applied yet.
    if (!order) throw new RetryLaterError(`order ${orderId} is not yet known to payments`);
    const payment = await findPaymentOfOrder(tx, orderId);
    const at = now();
    const decision = decideClose(order, payment, reason, at, deps.timings);
    if (decision.kind === 'wait') {
      if (reason === 'cancelled' && !order.cancelRequestedAt) await markCancelRequested(tx, order.id, at);
      return undefined;
    }
    if (decision.kind === 'none') return undefined;
    return applyClose(tx, order, payment, reason, decision.cancelIntent, at);
  });
  if (workDue) await runPaymentWork(deps, workDue);
}

/**
 * The safety net under the hold timer (a timer lost with Redis's data, an expiration service that
 * was down): closes open orders past expiresAt plus `graceMs` that nothing stands for any more.
 * Every replica may run it; SKIP LOCKED gives each order to one of them. Resolves to how many closed.
 */
export async function closeOverdueOrders(deps: PaymentsDeps, graceMs: number, batchSize = 100): Promise<number> {
  const { db, now, timings } = deps;
  let total = 0;
  for (;;) {
    const at = now();
    const { closed, workDue } = await db.transaction(async (tx) => {
      const overdue = await lockOverdueOrders(
        tx,
        { expiredBefore: new Date(at.getTime() - graceMs), authenticationGaveUpBefore: new Date(at.getTime() - timings.authenticationTimeoutMs) },
        batchSize,
      );
      const work: string[] = [];
      let closedHere = 0;
      for (const order of overdue) {
        const payment = await findPaymentOfOrder(tx, order.id);
        const decision = decideClose(order, payment, 'expired', at, timings);
        if (decision.kind !== 'close') continue;
        const due = await applyClose(tx, order, payment, 'expired', decision.cancelIntent, at);
        if (due) work.push(due);
        closedHere++;
      }
      return { closed: closedHere, workDue: work, seen: overdue.length };
    });
    for (const paymentId of workDue) await runPaymentWork(deps, paymentId);
    if (closed > 0) deps.logger.warn({ closed }, 'closed overdue orders whose hold timer had not fired');
    total += closed;
    if (closed < batchSize) return total;
  }
}
