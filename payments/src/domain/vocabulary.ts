import type { CancelReason } from '@ticketing/common';

/**
 * The words payments uses, in a leaf module that both the schema and the rules import.
 *
 * An order, as payments sees it: `open` may still be charged, `paid` was, `closed` never will be.
 */
export const ORDER_COPY_STATUSES = ['open', 'paid', 'closed'] as const;
export type OrderCopyStatus = (typeof ORDER_COPY_STATUSES)[number];

export const CANCEL_REASONS = ['expired', 'cancelled'] as const satisfies readonly CancelReason[];

/**
 * Where an order's PaymentIntent stands. Stripe's own statuses, plus the steps of this service:
 * - `confirming`: a charge was started and its answer is not recorded yet (a request in flight, or
 *   one whose process died: it is replayed with the same idempotency key);
 * - `canceling`: the order closed with the intent still open; it is being cancelled at Stripe;
 * - `refunding`: the charge succeeded after the order closed; it is being given back;
 * - `refunded`: given back.
 */
export const PAYMENT_STATUSES = [
  'confirming',
  'requires_payment_method',
  'requires_action',
  'processing',
  'succeeded',
  'canceling',
  'canceled',
  'refunding',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * What an answer to a charge attempt was, as the metrics count it: the card went through, was
 * declined, needs the buyer's action (3-D Secure), or the attempt ended uncharged for another
 * reason (no such payment method, an amount Stripe cannot take, 3-D Secure or processing that
 * failed afterwards).
 */
export type ChargeOutcome = 'succeeded' | 'declined' | 'requires_action' | 'failed';

/** Why a charge was given back: the order was cancelled, or its hold ran out, before it succeeded. */
export const REFUND_REASONS = ['order_cancelled', 'order_expired'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const refundReasonFor = (reason: CancelReason): RefundReason => (reason === 'cancelled' ? 'order_cancelled' : 'order_expired');

/**
 * Where a seller's payout stands: `pending` until the transfer to their connected account is made
 * (their account is missing or not yet enabled, or Stripe has not answered), then `sent`.
 */
export const PAYOUT_STATES = ['pending', 'sent'] as const;
export type PayoutState = (typeof PAYOUT_STATES)[number];
