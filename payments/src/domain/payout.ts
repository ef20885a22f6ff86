import { fromCents, sellerProceeds } from '@ticketing/common';
import { markOrderPaid } from '../db/orders';
import { recordSucceeded } from '../db/payments';
import { recordPayout } from '../db/payouts';
import type { Order, Payment, PaymentsTx, Payout, PayoutAccount } from '../db/schema';
import type { PaymentsDeps } from './deps';
import type { PayoutState } from './vocabulary';

/** The Stripe idempotency keys of Connect: one account per user, one transfer per payout. */
export const payoutIdempotencyKeys = {
  account: (userId: string) => `account:${userId}`,
  transfer: (payoutId: string) => `transfer:${payoutId}`,
};

/**
 * The charge of an open order went through: the payment succeeded, the order is paid, and its
 * seller is owed the price less the seller's fee, all in one transaction. An order from before
 * version 2 has no known seller, so nobody can be paid for it.
 */
export async function completeOrder(tx: PaymentsTx, deps: PaymentsDeps, order: Order, payment: Payment, charged: { intentId: string; chargeId: string | null }): Promise<Payment> {
  const succeeded = await recordSucceeded(tx, payment, charged.intentId, order.traceContext);
  await markOrderPaid(tx, order.id);
  const proceedsCents = sellerProceeds(order.priceCents, deps.fees);
  // A seller's fee of 100 % leaves nothing to pay, and Stripe transfers no zero amount.
  if (proceedsCents === 0) return succeeded;
  if (order.sellerId) {
    await recordPayout(tx, {
      order,
      sellerId: order.sellerId,
      amountCents: proceedsCents,
      currency: deps.currency,
      chargeId: charged.chargeId,
      at: deps.now(),
    });
  } else {
    deps.logger.warn({ orderId: order.id }, 'paid order has no seller (placed before version 2); no payout recorded');
  }
  return succeeded;
}

export type AccountState = 'none' | 'onboarding' | 'enabled';

export const accountStateOf = (account: PayoutAccount | undefined): AccountState => (!account ? 'none' : account.payoutsEnabled ? 'enabled' : 'onboarding');

export function accountView(account: PayoutAccount | undefined) {
  return { state: accountStateOf(account), requirements: account?.requirements ?? [] };
}

/** Why a payout has not been sent: its seller cannot receive it yet; null once they can (it is on its way). */
export function pendingReason(state: PayoutState, account: PayoutAccount | undefined): 'no-account' | 'onboarding-incomplete' | null {
  if (state !== 'pending') return null;
  switch (accountStateOf(account)) {
    case 'none':
      return 'no-account';
    case 'onboarding':
      return 'onboarding-incomplete';
    case 'enabled':
      return null;
  }
}

/** What the API shows of a seller's payouts: amounts in major units, the totals per state. */
export function payoutsView(account: PayoutAccount | undefined, currency: string, rows: { payout: Payout; ticketId: string; eventId: string | null }[]) {
  const totalCents = (state: PayoutState) => rows.filter((row) => row.payout.state === state).reduce((sum, row) => sum + row.payout.amountCents, 0);
  return {
    account: accountView(account),
    currency: currency.toUpperCase(),
    pending: fromCents(totalCents('pending')),
    paid: fromCents(totalCents('sent')),
    payouts: rows.map(({ payout, ticketId, eventId }) => ({
      id: payout.id,
      orderId: payout.orderId,
      ticketId,
      eventId,
      amount: fromCents(payout.amountCents),
      state: payout.state,
      reason: pendingReason(payout.state, account),
      createdAt: payout.createdAt.toISOString(),
      sentAt: payout.sentAt?.toISOString() ?? null,
    })),
  };
}
