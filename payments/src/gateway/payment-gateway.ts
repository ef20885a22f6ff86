import type { PaymentStatus } from '../domain/vocabulary';
import type { ConnectedAccount } from './payout-gateway';

/** What a gateway needs to know of an order to charge it. */
export interface OrderToCharge {
  id: string;
  userId: string;
  /** What the buyer is charged: the price plus the buyer's fee. */
  totalCents: number;
}

/** The statuses of Stripe's own that a PaymentIntent reaches in this service's flow (automatic capture). */
export type IntentStatus = Extract<PaymentStatus, 'requires_payment_method' | 'requires_action' | 'processing' | 'succeeded' | 'canceled'>;

export interface Intent {
  /** `pi_…` */
  id: string;
  status: IntentStatus;
  /** For the browser to finish an action (3-D Secure) with Stripe.js. */
  clientSecret: string | null;
  /** Stripe's `next_action`, passed through to the client as is. */
  nextAction: Record<string, unknown> | null;
  /** The charge (`ch_…`) of a succeeded intent, from which its seller's payout is transferred. */
  chargeId: string | null;
}

export interface CreatedIntent extends Intent {
  amountCents: number;
  currency: string;
}

export type ConfirmResult =
  /** The card went through, needs an action from the buyer, or is still being processed. */
  | { outcome: 'confirmed'; intent: Intent }
  /** The card was refused; the intent waits for another payment method. */
  | { outcome: 'declined'; message: string; intent: Intent }
  /** No such payment method: the request was at fault, nothing happened. */
  | { outcome: 'invalid-payment-method'; message: string };

/** What cancelling an intent found: cancelled, already charged (to be refunded), or not cancellable yet. */
export type CancelResult = { outcome: 'canceled' } | { outcome: 'succeeded' } | { outcome: 'processing' };

export interface GatewayRefund {
  /** `re_…` */
  id: string;
}

/** A PaymentIntent as a webhook reports it, with the order it was created for. */
export interface WebhookIntent extends CreatedIntent {
  /** From the intent's metadata; null for an intent this service did not create. */
  orderId: string | null;
}

/** A connected account as `account.updated` reports it, with when Stripe produced that state. */
export interface WebhookAccount extends ConnectedAccount {
  updatedAt: Date;
}

export type WebhookEvent =
  | { type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | 'payment_intent.canceled'; intent: WebhookIntent }
  | { type: 'account.updated'; account: WebhookAccount }
  /** Any other event type: acknowledged and ignored. */
  | { type: 'ignored'; stripeType: string };

/** Stripe cannot charge this amount in this currency (under its minimum, over its maximum). */
export class ChargeAmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChargeAmountError';
  }
}

/** A webhook whose signature could not be verified: it is answered 400 and changes nothing. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/**
 * Where charges happen: Stripe, or the sandbox that answers like Stripe's test mode. Every call
 * that changes something takes an idempotency key, so a repeated call (a retry, a double submit)
 * returns the first call's result instead of acting twice.
 */
export interface PaymentGateway {
  readonly mode: 'stripe' | 'sandbox';
  /** For Stripe.js in the browser; null when there is none to give. */
  readonly publishableKey: string | null;
  /**
   * Creates the order's PaymentIntent for its total; the same key always yields the same intent.
   * Throws ChargeAmountError for an amount Stripe cannot charge.
   */
  ensureIntent(order: OrderToCharge, idempotencyKey: string): Promise<CreatedIntent>;
  /** Confirms the intent with the buyer's payment method. */
  confirm(intentId: string, paymentMethodId: string, idempotencyKey: string): Promise<ConfirmResult>;
  /** Cancels an intent that was not charged; reports it if it was charged meanwhile. */
  cancelIntent(intentId: string, idempotencyKey: string): Promise<CancelResult>;
  /** Gives a succeeded intent's charge back in full (so the amount refunded is the amount charged). */
  refund(intentId: string, idempotencyKey: string): Promise<GatewayRefund>;
  /** Verifies a webhook over the exact bytes received; throws WebhookSignatureError when it cannot. */
  parseWebhook(rawBody: Buffer | undefined, signature: string | undefined): WebhookEvent;
}
