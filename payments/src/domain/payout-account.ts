import { findPayoutAccount, insertPayoutAccount, updatePayoutAccountState } from '../db/payouts';
import type { PayoutAccount } from '../db/schema';
import type { WebhookAccount } from '../gateway/payment-gateway';
import type { OnboardingReturn } from '../gateway/payout-gateway';
import type { PaymentsDeps } from './deps';
import { accountView, payoutIdempotencyKeys } from './payout';

/**
 * The seller connects the account their payouts go to. It is created at Stripe once (the same
 * idempotency key every time, then kept here); while Stripe still needs something from them, they
 * get a fresh onboarding link to go on with. A sandbox account is enabled at once, and an enabled
 * account needs no link. Connecting wakes the seller's pending payouts.
 */
export async function connectPayoutAccount(deps: PaymentsDeps, userId: string, urls: OnboardingReturn) {
  const { db, payoutGateway } = deps;
  let account: PayoutAccount | undefined = await findPayoutAccount(db, userId);
  if (!account) {
    const created = await payoutGateway.createAccount(userId, payoutIdempotencyKeys.account(userId));
    account = await db.transaction((tx) =>
      insertPayoutAccount(tx, { userId, stripeAccountId: created.id, payoutsEnabled: created.payoutsEnabled, requirements: created.requirements }, deps.now()),
    );
  }
  const onboardingUrl = account.payoutsEnabled ? null : await payoutGateway.onboardingLink(account.stripeAccountId, urls);
  return { onboardingUrl, account: accountView(account) };
}

/** Stripe reports a connected account's state (`account.updated`): recorded, and its payouts woken once it can receive them. */
export async function applyAccountUpdate(deps: PaymentsDeps, account: WebhookAccount): Promise<void> {
  const recorded = await deps.db.transaction((tx) =>
    updatePayoutAccountState(
      tx,
      { stripeAccountId: account.id, payoutsEnabled: account.payoutsEnabled, requirements: account.requirements, stateAt: account.updatedAt },
      deps.now(),
    ),
  );
  // Accounts of the platform's that this service did not create (another environment's).
  if (!recorded) deps.logger.info({ accountId: account.id }, 'account.updated for an account this service does not know; ignored');
}
