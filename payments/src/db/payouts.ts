import { and, asc, desc, eq, inArray, lte } from 'drizzle-orm';
import { recordEvent, type Db } from '@ticketing/common';
import { orders, payoutAccounts, payouts, type Order, type Payout, type PayoutAccount, type PaymentsSchema, type PaymentsTx } from './schema';

/*
 * Queries only. A payout is decided about under its own row lock, and its seller's account is read
 * after that lock is taken, while a change to an account wakes its payouts in the same transaction:
 * so an account enabled at any moment is never missed by a payout that waits for it.
 */

export async function findPayoutAccount(db: Db<PaymentsSchema> | PaymentsTx, userId: string): Promise<PayoutAccount | undefined> {
  const [account] = await db.select().from(payoutAccounts).where(eq(payoutAccounts.userId, userId));
  return account;
}

/** Keeps the user's account; resolves to the one kept, which is the first if two requests raced. */
export async function insertPayoutAccount(
  tx: PaymentsTx,
  account: Pick<PayoutAccount, 'userId' | 'stripeAccountId' | 'payoutsEnabled' | 'requirements'>,
  at: Date,
): Promise<PayoutAccount> {
  await tx.insert(payoutAccounts).values(account).onConflictDoNothing({ target: payoutAccounts.userId });
  if (account.payoutsEnabled) await wakePendingPayouts(tx, account.userId, at);
  return (await findPayoutAccount(tx, account.userId))!;
}

/**
 * Records the state a webhook reports, unless a later one is recorded already (Stripe does not
 * deliver in order). Resolves to the account as it now stands, or undefined for one not ours.
 */
export async function updatePayoutAccountState(
  tx: PaymentsTx,
  state: { stripeAccountId: string; payoutsEnabled: boolean; requirements: string[]; stateAt: Date },
  at: Date,
): Promise<PayoutAccount | undefined> {
  const [account] = await tx.select().from(payoutAccounts).where(eq(payoutAccounts.stripeAccountId, state.stripeAccountId)).for('update');
  if (!account) return undefined;
  if (account.stateAt && account.stateAt.getTime() > state.stateAt.getTime()) return account;
  const [updated] = await tx
    .update(payoutAccounts)
    .set({ payoutsEnabled: state.payoutsEnabled, requirements: state.requirements, stateAt: state.stateAt })
    .where(eq(payoutAccounts.userId, account.userId))
    .returning();
  if (updated!.payoutsEnabled) await wakePendingPayouts(tx, updated!.userId, at);
  return updated;
}

/** The seller's unsent payouts are due now: the worker looks at them again. */
async function wakePendingPayouts(tx: PaymentsTx, sellerId: string, at: Date): Promise<void> {
  await tx
    .update(payouts)
    .set({ workDueAt: at, workAttempts: 0 })
    .where(and(eq(payouts.sellerId, sellerId), eq(payouts.state, 'pending')));
}

/**
 * The seller is owed the order's proceeds: recorded in the transaction that records the payment's
 * success, and due at once; the worker sends it if the seller can receive it. An order pays its
 * seller once, whatever replays the success.
 */
export async function recordPayout(tx: PaymentsTx, payout: { order: Order; sellerId: string; amountCents: number; currency: string; chargeId: string | null; at: Date }): Promise<void> {
  await tx
    .insert(payouts)
    .values({
      orderId: payout.order.id,
      sellerId: payout.sellerId,
      amountCents: payout.amountCents,
      currency: payout.currency,
      chargeId: payout.chargeId,
      state: 'pending',
      workDueAt: payout.at,
    })
    .onConflictDoNothing({ target: payouts.orderId });
}

/**
 * Claims payouts whose work is due, moving their due time on by `leaseMs` so that no other replica
 * takes them meanwhile. Each comes with its seller's account, read after the claim's locks.
 */
export async function claimDuePayouts(tx: PaymentsTx, now: Date, leaseMs: number, limit: number): Promise<{ payout: Payout; account: PayoutAccount | undefined }[]> {
  const due = await tx.select().from(payouts).where(lte(payouts.workDueAt, now)).orderBy(asc(payouts.workDueAt)).limit(limit).for('update', { skipLocked: true });
  if (due.length === 0) return [];
  await tx
    .update(payouts)
    .set({ workDueAt: new Date(now.getTime() + leaseMs) })
    .where(inArray(payouts.id, due.map((payout) => payout.id)));
  const accounts = await tx.select().from(payoutAccounts).where(inArray(payoutAccounts.userId, [...new Set(due.map((payout) => payout.sellerId))]));
  return due.map((payout) => ({ payout, account: accounts.find((account) => account.userId === payout.sellerId) }));
}

/** The payout waits for its seller's account; it is woken when the account is enabled. */
export async function parkPayout(tx: PaymentsTx, payoutId: string): Promise<void> {
  await tx.update(payouts).set({ workDueAt: null, workAttempts: 0 }).where(eq(payouts.id, payoutId));
}

export async function lockPayout(tx: PaymentsTx, payoutId: string): Promise<Payout | undefined> {
  const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId)).for('update');
  return payout;
}

/** The transfer was made: recorded once, with payout.sent for the seller's notice. */
export async function recordPayoutSent(tx: PaymentsTx, payout: Payout, transferId: string, at: Date): Promise<void> {
  await tx.update(payouts).set({ state: 'sent', stripeTransferId: transferId, sentAt: at, workDueAt: null, workAttempts: 0 }).where(eq(payouts.id, payout.id));
  await recordEvent(tx, 'payout.sent', {
    id: payout.id,
    orderId: payout.orderId,
    sellerId: payout.sellerId,
    amount: payout.amountCents,
    currency: payout.currency,
    transferId,
  });
}

/** The transfer could not be made now: due again after `retryAt`. */
export async function postponePayout(tx: PaymentsTx, payout: Payout, retryAt: Date): Promise<void> {
  await tx.update(payouts).set({ workDueAt: retryAt, workAttempts: payout.workAttempts + 1 }).where(eq(payouts.id, payout.id));
}

/** A seller's payouts, newest first, with the ticket and event of each order. */
export function payoutsOfSeller(db: Db<PaymentsSchema>, sellerId: string) {
  return db
    .select({ payout: payouts, ticketId: orders.ticketId, eventId: orders.eventId })
    .from(payouts)
    .innerJoin(orders, eq(orders.id, payouts.orderId))
    .where(eq(payouts.sellerId, sellerId))
    .orderBy(desc(payouts.createdAt), desc(payouts.id));
}
