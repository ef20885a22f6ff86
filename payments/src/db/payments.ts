import { eq } from 'drizzle-orm';
import { recordEvent } from '@ticketing/common';
import { idempotencyKeys, type PaymentStatus, type RefundReason } from '../domain/payment';
import type { CreatedIntent, PaymentGateway } from '../gateway/payment-gateway';
import { payments, refunds, type Order, type Payment, type PaymentsTx } from './schema';

/*
 * Every function here runs in a transaction that holds the order's lock (lockOrder), so the
 * status it reads is still the status when it writes.
 */

export async function findPaymentOfOrder(tx: PaymentsTx, orderId: string): Promise<Payment | undefined> {
  const [payment] = await tx.select().from(payments).where(eq(payments.orderId, orderId));
  return payment;
}

export async function findPaymentByStripeId(tx: PaymentsTx, stripeId: string): Promise<Payment | undefined> {
  const [payment] = await tx.select().from(payments).where(eq(payments.stripeId, stripeId));
  return payment;
}

/** Records the order's PaymentIntent. */
export async function insertPayment(tx: PaymentsTx, order: Order, intent: CreatedIntent): Promise<Payment> {
  const [payment] = await tx
    .insert(payments)
    .values({ orderId: order.id, stripeId: intent.id, status: intent.status, amountCents: intent.amountCents, currency: intent.currency })
    .returning();
  return payment!;
}

export async function setPaymentStatus(tx: PaymentsTx, payment: Payment, status: PaymentStatus): Promise<Payment> {
  const [updated] = await tx.update(payments).set({ status }).where(eq(payments.id, payment.id)).returning();
  return updated!;
}

/**
 * The charge went through for an order that can take it: recorded, and payment.created in the same
 * transaction. Called only on a payment not yet succeeded, so the event is recorded once.
 */
export async function recordSucceeded(tx: PaymentsTx, payment: Payment): Promise<Payment> {
  const succeeded = await setPaymentStatus(tx, payment, 'succeeded');
  await recordEvent(tx, 'payment.created', { id: succeeded.id, orderId: succeeded.orderId, stripeId: succeeded.stripeId });
  return succeeded;
}

/**
 * Gives back a charge the order cannot take any more, and records the refund. If the transaction
 * fails afterwards, the retry sends the same idempotency key and Stripe answers with the same
 * refund instead of refunding twice.
 */
export async function refundPayment(tx: PaymentsTx, gateway: PaymentGateway, payment: Payment, reason: RefundReason): Promise<Payment> {
  const refund = await gateway.refund(payment.stripeId, idempotencyKeys.refund(payment.orderId));
  await tx.insert(refunds).values({ paymentId: payment.id, stripeRefundId: refund.id, amountCents: payment.amountCents, reason });
  return setPaymentStatus(tx, payment, 'refunded');
}
