import { ConflictError, ForbiddenError, fromCents, type OrderStatus } from '@ticketing/common';
import type { Order, Payment } from '../db/schema';

export const ORDER_STATUSES = ['created', 'awaiting:payment', 'cancelled', 'complete'] as const satisfies readonly OrderStatus[];

/**
 * Where an order's PaymentIntent stands, as Stripe names it, plus `refunded` once a charge that
 * came too late was given back.
 */
export const PAYMENT_STATUSES = ['requires_payment_method', 'requires_action', 'processing', 'succeeded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Why a charge was given back: the order was cancelled, or its hold ran out, before it succeeded. */
export const REFUND_REASONS = ['order_cancelled', 'order_expired'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** The Stripe idempotency keys: one intent per order, one confirmation per card, one refund per order. */
export const idempotencyKeys = {
  intent: (orderId: string) => `pi:${orderId}`,
  confirm: (orderId: string, paymentMethodId: string) => `confirm:${orderId}:${paymentMethodId}`,
  refund: (orderId: string) => `refund:${orderId}`,
};

export function assertOwnedBy(order: Order, userId: string): void {
  if (order.userId !== userId) throw new ForbiddenError('You can only pay for your own orders');
}

/**
 * Why the order itself no longer takes a charge, whatever its payments: it was cancelled, or its hold
 * ran out. Null while it is payable.
 */
export function closedReason(order: Order, now: Date): RefundReason | null {
  if (order.status === 'cancelled') return 'order_cancelled';
  if (now.getTime() >= order.expiresAt.getTime()) return 'order_expired';
  return null;
}

/**
 * A new attempt may start only on an open order that was never charged (a refunded charge counts:
 * it is never repeated) and has no charge still settling.
 */
export function assertPayable(order: Order, payment: Payment | undefined, now: Date): void {
  if (order.status === 'cancelled') throw new ConflictError('This order was cancelled');
  if (payment?.status === 'succeeded') throw new ConflictError('This order is already paid');
  if (payment?.status === 'refunded') throw new ConflictError("This order's payment was refunded");
  if (closedReason(order, now) === 'order_expired') throw new ConflictError('This order has expired');
  if (payment?.status === 'processing') throw new ConflictError("This order's payment is still being processed");
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
