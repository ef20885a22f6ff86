/** A seller's connected account as Stripe describes it. */
export interface ConnectedAccount {
  /** `acct_…` */
  id: string;
  payoutsEnabled: boolean;
  /** Stripe's `requirements.currently_due`. */
  requirements: string[];
}

/** Where Stripe sends the seller back after onboarding: finished, or the link expired and a new one is needed. */
export interface OnboardingReturn {
  returnUrl: string;
  refreshUrl: string;
}

/** One payout to transfer: its proceeds, to the seller's account, from the order's charge. */
export interface TransferRequest {
  payoutId: string;
  orderId: string;
  accountId: string;
  amountCents: number;
  currency: string;
  /** The charge (`ch_…`) whose funds it draws, so the transfer waits for them instead of failing. */
  chargeId: string | null;
}

/**
 * Where sellers are paid: Stripe Connect (Express accounts, separate charges and transfers), or
 * the sandbox, whose accounts are enabled at once. Calls that create something take an idempotency
 * key, so a retry returns the first call's result instead of acting twice.
 */
export interface PayoutGateway {
  /** Creates the user's connected account; the same key always yields the same account. */
  createAccount(userId: string, idempotencyKey: string): Promise<ConnectedAccount>;
  /** A fresh onboarding link (they expire within minutes), or null when the gateway needs none. */
  onboardingLink(accountId: string, urls: OnboardingReturn): Promise<string | null>;
  /** Transfers the payout; resolves to the Transfer's id (`tr_…`). */
  transfer(request: TransferRequest, idempotencyKey: string): Promise<string>;
}
