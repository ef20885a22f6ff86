import { createHash } from 'node:crypto';
import { chargeLimits, formatAmount } from '@ticketing/common';
import {
  ChargeAmountError,
  WebhookSignatureError,
  type CancelResult,
  type ConfirmResult,
  type CreatedIntent,
  type GatewayRefund,
  type Intent,
  type OrderToCharge,
  type PaymentGateway,
  type WebhookEvent,
} from './payment-gateway';
import type { ConnectedAccount, PayoutGateway } from './payout-gateway';

/** Stripe's test payment methods that pay. */
const SUCCEEDING_METHODS = new Set(['pm_card_visa', 'pm_card_visa_debit', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_discover']);

/** Stripe's test payment methods that decline, with the message Stripe gives for each. */
const DECLINING_METHODS = new Map([
  ['pm_card_chargeDeclined', 'Your card was declined.'],
  ['pm_card_chargeDeclinedInsufficientFunds', 'Your card has insufficient funds.'],
  ['pm_card_chargeDeclinedExpiredCard', 'Your card has expired.'],
  ['pm_card_chargeDeclinedIncorrectCvc', "Your card's security code is incorrect."],
]);

/** Stripe's test payment methods that ask the buyer for 3-D Secure. */
const AUTHENTICATING_METHODS = new Set(['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required']);

/** Same input, same id: what Stripe's idempotency keys give, without keeping any state here. */
const derivedId = (prefix: string, seed: string) => `${prefix}_sandbox_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;

/**
 * Payments without Stripe, for local runs with no keys: it answers like Stripe's test mode for its
 * test payment methods and never touches the network. It keeps no state: an order's intent id is
 * derived from its idempotency key (so the same order always gets the same intent) and the caller
 * keeps it, with its status, in the payments table, which survives a restart.
 *
 * It accepts no webhook at all. Nothing outside sends sandbox events, and a body that anyone could
 * sign would let anyone mark a payment as succeeded; so a sandbox intent that requires action stays
 * that way, and the buyer pays it with another test card.
 *
 * A seller's account is enabled the moment it is created, with nothing left to provide, and a
 * transfer to it succeeds at once: there is no money to move.
 */
export class SandboxGateway implements PaymentGateway, PayoutGateway {
  readonly mode = 'sandbox';
  readonly publishableKey = null;

  constructor(private readonly currency: string) {}

  async ensureIntent(order: OrderToCharge, idempotencyKey: string): Promise<CreatedIntent> {
    // Stripe's own limits, so that an amount refused in production is refused here first.
    const { minCents, maxCents } = chargeLimits(this.currency);
    if (order.totalCents < minCents) throw new ChargeAmountError(`Amount must be at least ${formatAmount(minCents, this.currency)}`);
    if (order.totalCents > maxCents) throw new ChargeAmountError(`Amount must be no more than ${formatAmount(maxCents, this.currency)}`);
    const id = derivedId('pi', idempotencyKey);
    return { id, status: 'requires_payment_method', clientSecret: `${id}_secret`, nextAction: null, chargeId: null, amountCents: order.totalCents, currency: this.currency };
  }

  async confirm(intentId: string, paymentMethodId: string): Promise<ConfirmResult> {
    const intent = (status: Intent['status'], nextAction: Intent['nextAction'] = null): Intent => ({
      id: intentId,
      status,
      clientSecret: `${intentId}_secret`,
      nextAction,
      // One charge per intent, as it is charged at most once; its id derived like the intent's.
      chargeId: status === 'succeeded' ? derivedId('ch', intentId) : null,
    });
    if (SUCCEEDING_METHODS.has(paymentMethodId)) return { outcome: 'confirmed', intent: intent('succeeded') };
    const declined = DECLINING_METHODS.get(paymentMethodId);
    if (declined) return { outcome: 'declined', message: declined, intent: intent('requires_payment_method') };
    if (AUTHENTICATING_METHODS.has(paymentMethodId)) return { outcome: 'confirmed', intent: intent('requires_action', { type: 'use_stripe_sdk' }) };
    return { outcome: 'invalid-payment-method', message: `No such PaymentMethod: '${paymentMethodId}'` };
  }

  /** The caller only cancels an intent it never saw succeed, and the sandbox settles nothing later. */
  async cancelIntent(): Promise<CancelResult> {
    return { outcome: 'canceled' };
  }

  async refund(_intentId: string, idempotencyKey: string): Promise<GatewayRefund> {
    return { id: derivedId('re', idempotencyKey) };
  }

  async createAccount(_userId: string, idempotencyKey: string): Promise<ConnectedAccount> {
    return { id: derivedId('acct', idempotencyKey), payoutsEnabled: true, requirements: [] };
  }

  /** A sandbox account is enabled at creation, so nobody is ever sent to onboard. */
  async onboardingLink(): Promise<null> {
    return null;
  }

  async transfer(_request: unknown, idempotencyKey: string): Promise<string> {
    return derivedId('tr', idempotencyKey);
  }

  parseWebhook(): WebhookEvent {
    throw new WebhookSignatureError('The sandbox accepts no webhooks');
  }
}
