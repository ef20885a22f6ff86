import { ConflictError, ForbiddenError, fromCents, type CancelReason } from '@ticketing/common';
import type { Order, Payment } from '../db/schema';
import type { PaymentStatus } from './vocabulary';

/** The Stripe idempotency keys: one intent per order, one confirmation per card, one cancellation and one refund per order. */
export const idempotencyKeys = {
  intent: (orderId: string) => `pi:${orderId}`,
  confirm: (orderId: string, paymentMethodId: string) => `confirm:${orderId}:${paymentMethodId}`,
  cancel: (orderId: string) => `cancel:${orderId}`,
  refund: (orderId: string) => `refund:${orderId}`,
};

/** How long payments waits before settling for itself what a party has not yet answered. */
export interface PaymentTimings {
  /** An order whose buyer is in 3-D Secure stays held this long past expiresAt, then closes. */
  authenticationTimeoutMs: number;
  /** A charge whose answer was never recorded (its process died) is replayed after this. */
  staleAttemptMs: number;
}

/** A charge has started and Stripe, or the buyer at their bank, has yet to settle it. */
const CHARGE_UNDER_WAY: readonly PaymentStatus[] = ['confirming', 'requires_action', 'processing'];

export const isChargeUnderWay = (payment: Payment | undefined): boolean => payment !== undefined && CHARGE_UNDER_WAY.includes(payment.status);

export function assertOwnedBy(order: Order, userId: string): void {
  if (order.userId !== userId) throw new ForbiddenError('You can only pay for your own orders');
}

/**
 * A charge may start only on an open order, inside its hold, that its buyer has not asked to cancel
 * and that has no charge under way or behind it. Decided under the order's lock, together with
 * closing, so that an order is never both charged and closed.
 */
export function assertPayable(order: Order, payment: Payment | undefined, now: Date): void {
  if (order.status === 'paid' || payment?.status === 'succeeded') throw new ConflictError('This order is already paid');
  if (payment?.status === 'refunded' || payment?.status === 'refunding') throw new ConflictError("This order's payment was refunded");
  if (order.status === 'closed') throw new ConflictError(order.closeReason === 'expired' ? 'This order has expired' : 'This order was cancelled');
  if (order.cancelRequestedAt) throw new ConflictError('This order is being cancelled');
  if (now.getTime() >= order.expiresAt.getTime()) throw new ConflictError('This order has expired');
  if (payment?.status === 'confirming' || payment?.status === 'processing') throw new ConflictError("This order's payment is still being processed");
}

export type CloseDecision =
  /** Close it; `cancelIntent` when an intent may still be charged and must be cancelled at Stripe. */
  | { kind: 'close'; cancelIntent: boolean }
  /** A charge under way decides: the order closes only if it fails. */
  | { kind: 'wait' }
  /** Already paid or closed: nothing to do. */
  | { kind: 'none' };

/**
 * Whether an order may be closed for `reason` now. A charge under way wins over an expiry: a payment
 * started inside the hold is final. A buyer in 3-D Secure is waited for up to the authentication
 * timeout past expiresAt; a buyer who cancels gives up their own authentication at once. Only a
 * confirmation in flight at Stripe makes even a cancellation wait for its answer.
 */
export function decideClose(order: Order, payment: Payment | undefined, reason: CancelReason, now: Date, timings: PaymentTimings): CloseDecision {
  if (order.status !== 'open') return { kind: 'none' };
  const status = payment?.status;
  if (status === 'confirming') return { kind: 'wait' };
  if (status === 'requires_action' || status === 'processing') {
    const waitedOut = now.getTime() >= order.expiresAt.getTime() + timings.authenticationTimeoutMs;
    if (reason === 'expired' && !waitedOut) return { kind: 'wait' };
    return { kind: 'close', cancelIntent: true };
  }
  return { kind: 'close', cancelIntent: status === 'requires_payment_method' && payment?.stripeId != null };
}

/** Why an open order whose charge has just failed must close now, if it must. */
export function closeDueAfterFailedCharge(order: Order, now: Date): CancelReason | null {
  if (order.status !== 'open') return null;
  if (order.cancelRequestedAt) return 'cancelled';
  return now.getTime() >= order.expiresAt.getTime() ? 'expired' : null;
}

/** What the API shows of a payment: the amount in major units, as prices are shown everywhere. */
export function paymentView(payment: Payment) {
  return {
    id: payment.id,
    orderId: payment.orderId,
    stripeId: payment.stripeId,
    status: payment.status,
    amount: fromCents(payment.amountCents),
    currency: payment.currency,
    createdAt: payment.createdAt.toISOString(),
  };
}
