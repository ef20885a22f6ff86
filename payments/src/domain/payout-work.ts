import { isUnavailableError } from '@ticketing/common';
import { claimDuePayouts, lockPayout, parkPayout, postponePayout, recordPayoutSent } from '../db/payouts';
import type { Payout, PayoutAccount } from '../db/schema';
import type { PaymentsDeps } from './deps';
import { payoutIdempotencyKeys } from './payout';

/** While one replica sends a payout, the others leave it alone this long. */
const WORK_LEASE_MS = 60_000;
const MAX_WORK_RETRY_DELAY_MS = 60_000;

const retryDelay = (attempts: number) => Math.min(MAX_WORK_RETRY_DELAY_MS, 1000 * 2 ** attempts);

/**
 * Transfers one claimed payout to its seller's enabled account, with no lock held, and records it
 * sent. The key is the payout's, so a transfer whose answer was lost and is asked again is made
 * once. Stripe unavailable, or refusing, only postpones it: nothing owed to a seller is dropped.
 */
async function sendPayout(deps: PaymentsDeps, payout: Payout, account: PayoutAccount): Promise<void> {
  const { db, logger } = deps;
  try {
    const transferId = await deps.payoutGateway.transfer(
      { payoutId: payout.id, orderId: payout.orderId, accountId: account.stripeAccountId, amountCents: payout.amountCents, currency: payout.currency, chargeId: payout.chargeId },
      payoutIdempotencyKeys.transfer(payout.id),
    );
    const sent = await db.transaction(async (tx) => {
      const current = await lockPayout(tx, payout.id);
      if (current?.state !== 'pending') return false;
      await recordPayoutSent(tx, current, transferId, deps.now());
      return true;
    });
    if (sent) deps.onPayoutSent?.();
  } catch (err) {
    const delay = retryDelay(payout.workAttempts);
    if (isUnavailableError(err)) logger.warn({ err, payoutId: payout.id, delay }, 'payout postponed: Stripe is unavailable');
    else logger.error({ err, payoutId: payout.id, delay }, 'payout transfer failed; will retry');
    // A database that is down postpones nothing; then the lease on the claim brings it back.
    await db.transaction((tx) => postponePayout(tx, payout, new Date(deps.now().getTime() + delay))).catch(() => undefined);
  }
}

/**
 * Sends every payout that is due and whose seller can receive it; one whose seller cannot yet
 * waits, with no work due, until their account is enabled. Resolves to how many it took on.
 */
export async function runDuePayouts(deps: PaymentsDeps, batchSize = 20): Promise<number> {
  const claimed = await deps.db.transaction(async (tx) => {
    const due = await claimDuePayouts(tx, deps.now(), WORK_LEASE_MS, batchSize);
    for (const { payout, account } of due) {
      if (payout.state !== 'pending' || !account?.payoutsEnabled) await parkPayout(tx, payout.id);
    }
    return due;
  });
  for (const { payout, account } of claimed) {
    if (payout.state === 'pending' && account?.payoutsEnabled) await sendPayout(deps, payout, account);
  }
  return claimed.length;
}
