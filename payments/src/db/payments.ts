import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { recordEvent, type TraceCarrier } from '@ticketing/common';
import type { PaymentStatus, RefundReason } from '../domain/vocabulary';
import { payments, refunds, type Order, type Payment, type PaymentsTx } from './schema';

/*
 * Queries only: calls to Stripe belong to the use cases, outside any transaction that holds a lock.
 * Every write here runs in a transaction that holds the order's lock (lockOrder).
 */

export async function findPaymentOfOrder(tx: PaymentsTx, orderId: string): Promise<Payment | undefined> {
  const [payment] = await tx.select().from(payments).where(eq(payments.orderId, orderId));
  return payment;
}

export async function findPaymentByStripeId(tx: PaymentsTx, stripeId: string): Promise<Payment | undefined> {
  const [payment] = await tx.select().from(payments).where(eq(payments.stripeId, stripeId));
  return payment;
}

/**
 * A charge starts: the attempt is recorded before Stripe is asked, so that closing the order waits for
 * its answer, and so that a process dying in between leaves a trace to replay (`workDueAt`).
 */
export async function startAttempt(
  tx: PaymentsTx,
  order: Order,
  existing: Payment | undefined,
  attempt: { paymentMethodId: string; currency: string; at: Date; replayAt: Date },
): Promise<Payment> {
  const values = {
    status: 'confirming' as const,
    paymentMethodId: attempt.paymentMethodId,
    attemptStartedAt: attempt.at,
    workDueAt: attempt.replayAt,
    workAttempts: 0,
  };
  if (existing) {
    const [updated] = await tx.update(payments).set(values).where(eq(payments.id, existing.id)).returning();
    return updated!;
  }
  const [inserted] = await tx
    .insert(payments)
    .values({ ...values, orderId: order.id, amountCents: order.totalCents, currency: attempt.currency })
    .returning();
  return inserted!;
}

/** Records where the intent stands; `workDueAt` says when Stripe must be asked again, if ever. */
export async function updatePayment(
  tx: PaymentsTx,
  payment: Payment,
  changes: { status: PaymentStatus; stripeId?: string | null; workDueAt?: Date | null; refundReason?: RefundReason },
): Promise<Payment> {
  const [updated] = await tx
    .update(payments)
    .set({ workDueAt: null, workAttempts: 0, ...changes })
    .where(eq(payments.id, payment.id))
    .returning();
  return updated!;
}

/**
 * The charge went through for an open order: recorded, and payment.succeeded in the same
 * transaction, in the trace of the order's purchase.
 */
export async function recordSucceeded(tx: PaymentsTx, payment: Payment, stripeId: string, purchaseTrace: TraceCarrier | null): Promise<Payment> {
  const succeeded = await updatePayment(tx, payment, { status: 'succeeded', stripeId });
  await recordEvent(tx, 'payment.succeeded', { id: succeeded.id, orderId: succeeded.orderId, stripeId, amount: succeeded.amountCents }, { trace: purchaseTrace });
  return succeeded;
}

export async function recordRefund(tx: PaymentsTx, payment: Payment, stripeRefundId: string): Promise<Payment> {
  await tx
    .insert(refunds)
    .values({ paymentId: payment.id, stripeRefundId, amountCents: payment.amountCents, reason: payment.refundReason ?? 'order_cancelled' })
    .onConflictDoNothing({ target: refunds.paymentId });
  return updatePayment(tx, payment, { status: 'refunded' });
}

/** Stripe was unavailable for the payment's work: it is due again after `retryAt`. */
export async function postponeWork(tx: PaymentsTx, payment: Payment, retryAt: Date): Promise<void> {
  await tx
    .update(payments)
    .set({ workDueAt: retryAt, workAttempts: payment.workAttempts + 1 })
    .where(eq(payments.id, payment.id));
}

/**
 * Claims payments whose work at Stripe is due, moving their due time on by `leaseMs` so that no other
 * replica takes them meanwhile; the work itself then runs with no lock held.
 */
export async function claimDueWork(tx: PaymentsTx, now: Date, leaseMs: number, limit: number): Promise<Payment[]> {
  const due = await tx
    .select()
    .from(payments)
    .where(lte(payments.workDueAt, now))
    .orderBy(asc(payments.workDueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  if (due.length > 0) {
    await tx
      .update(payments)
      .set({ workDueAt: new Date(now.getTime() + leaseMs) })
      .where(inArray(payments.id, due.map((payment) => payment.id)));
  }
  return due;
}

/** Claims one payment's work if it is due and no one else holds it. */
export async function claimWorkOf(tx: PaymentsTx, paymentId: string, now: Date, leaseMs: number): Promise<Payment | undefined> {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), lte(payments.workDueAt, now)))
    .for('update', { skipLocked: true });
  if (payment) await tx.update(payments).set({ workDueAt: new Date(now.getTime() + leaseMs) }).where(eq(payments.id, payment.id));
  return payment;
}
