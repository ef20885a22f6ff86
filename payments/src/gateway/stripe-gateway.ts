import Stripe from 'stripe';
import { ServiceUnavailableError, type Logger } from '@ticketing/common';
import {
  ChargeAmountError,
  WebhookSignatureError,
  type CancelResult,
  type ConfirmResult,
  type CreatedIntent,
  type GatewayRefund,
  type Intent,
  type IntentStatus,
  type OrderToCharge,
  type PaymentGateway,
  type WebhookEvent,
  type WebhookAccount,
  type WebhookIntent,
} from './payment-gateway';
import type { ConnectedAccount, OnboardingReturn, PayoutGateway, TransferRequest } from './payout-gateway';

export interface StripeGatewayOptions {
  secretKey: string;
  publishableKey?: string;
  webhookSecret?: string;
  currency: string;
  /** Another API endpoint than Stripe's: a local fake in tests. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  logger: Logger;
}

/**
 * Requests that failed in transit are retried by the SDK with the same idempotency key, so a retry
 * never acts twice. Each attempt is bounded so that a buyer waiting on a payment hears back.
 */
const MAX_NETWORK_RETRIES = 2;
const REQUEST_TIMEOUT_MS = 10_000;

const INTENT_STATUSES: readonly string[] = ['requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled'] satisfies IntentStatus[];

/** Stripe's error codes for an amount it will not charge in the currency. */
const AMOUNT_ERROR_CODES = new Set(['amount_too_small', 'amount_too_large']);

function intentStatus(status: Stripe.PaymentIntent.Status): IntentStatus {
  // requires_confirmation and requires_capture need a step this service never takes.
  if (!INTENT_STATUSES.includes(status)) throw new Error(`PaymentIntent in unexpected status ${status}`);
  return status as IntentStatus;
}

function toIntent(intent: Stripe.PaymentIntent): Intent {
  return {
    id: intent.id,
    status: intentStatus(intent.status),
    clientSecret: intent.client_secret,
    nextAction: intent.next_action as Record<string, unknown> | null,
    chargeId: typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null),
  };
}

function toAccount(account: Stripe.Account): ConnectedAccount {
  return { id: account.id, payoutsEnabled: account.payouts_enabled ?? false, requirements: account.requirements?.currently_due ?? [] };
}

function toWebhookIntent(intent: Stripe.PaymentIntent): WebhookIntent {
  return { ...toIntent(intent), amountCents: intent.amount, currency: intent.currency, orderId: intent.metadata.orderId ?? null };
}

/**
 * Payments through Stripe's PaymentIntents API with the official SDK; payouts through Connect, with
 * separate charges and transfers: the platform charges the buyer, then transfers the seller's
 * proceeds to their Express account.
 */
export class StripeGateway implements PaymentGateway, PayoutGateway {
  readonly mode = 'stripe';
  readonly publishableKey: string | null;
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeGatewayOptions) {
    this.publishableKey = options.publishableKey ?? null;
    this.stripe = new Stripe(options.secretKey, {
      host: options.host,
      port: options.port,
      protocol: options.protocol,
      maxNetworkRetries: MAX_NETWORK_RETRIES,
      timeout: REQUEST_TIMEOUT_MS,
    });
  }

  async ensureIntent(order: OrderToCharge, idempotencyKey: string): Promise<CreatedIntent> {
    const intent = await this.call(async () => {
      try {
        return await this.createIntent(order, idempotencyKey);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError && AMOUNT_ERROR_CODES.has(err.code ?? '')) throw new ChargeAmountError(err.message);
        throw err;
      }
    });
    return { ...toIntent(intent), amountCents: intent.amount, currency: intent.currency };
  }

  private createIntent(order: OrderToCharge, idempotencyKey: string): Promise<Stripe.PaymentIntent> {
    return (
      this.stripe.paymentIntents.create(
        {
          amount: order.totalCents,
          currency: this.options.currency,
          metadata: { orderId: order.id, userId: order.userId },
          // Cards only: they confirm in place, while the redirect-based methods Stripe would otherwise
          // offer need a return_url this API has no page for.
          allowed_payment_method_types: ['card'],
        },
        { idempotencyKey },
      )
    );
  }

  async confirm(intentId: string, paymentMethodId: string, idempotencyKey: string): Promise<ConfirmResult> {
    try {
      const intent = await this.call(() => this.stripe.paymentIntents.confirm(intentId, { payment_method: paymentMethodId }, { idempotencyKey }));
      return { outcome: 'confirmed', intent: toIntent(intent) };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) {
        // After a decline Stripe puts the intent back to requires_payment_method: another card may follow.
        const intent: Intent = err.payment_intent
          ? toIntent(err.payment_intent)
          : { id: intentId, status: 'requires_payment_method', clientSecret: null, nextAction: null, chargeId: null };
        return { outcome: 'declined', message: err.message, intent };
      }
      if (err instanceof Stripe.errors.StripeInvalidRequestError) {
        if (err.code === 'resource_missing' && err.param === 'payment_method') return { outcome: 'invalid-payment-method', message: err.message };
        // The intent already succeeded: a charge whose answer was lost (the recording transaction
        // failed after Stripe charged). It is reported as it stands, so it is recorded, not repeated.
        if (err.code === 'payment_intent_unexpected_state' && err.payment_intent?.status === 'succeeded') {
          return { outcome: 'confirmed', intent: toIntent(err.payment_intent) };
        }
      }
      throw err;
    }
  }

  async cancelIntent(intentId: string, idempotencyKey: string): Promise<CancelResult> {
    try {
      await this.call(() => this.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey }));
      return { outcome: 'canceled' };
    } catch (err) {
      // Stripe refuses to cancel an intent that is charged, already cancelled or still processing,
      // and says which in the intent it returns.
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'payment_intent_unexpected_state' && err.payment_intent) {
        const status = err.payment_intent.status;
        if (status === 'succeeded') return { outcome: 'succeeded' };
        if (status === 'canceled') return { outcome: 'canceled' };
        if (status === 'processing') return { outcome: 'processing' };
      }
      throw err;
    }
  }

  async refund(intentId: string, idempotencyKey: string): Promise<GatewayRefund> {
    const refund = await this.call(() => this.stripe.refunds.create({ payment_intent: intentId }, { idempotencyKey }));
    return { id: refund.id };
  }

  async createAccount(userId: string, idempotencyKey: string): Promise<ConnectedAccount> {
    const account = await this.call(() =>
      this.stripe.accounts.create(
        // Transfers only: the platform charges the buyer, the seller only receives.
        { type: 'express', capabilities: { transfers: { requested: true } }, metadata: { userId } },
        { idempotencyKey },
      ),
    );
    return toAccount(account);
  }

  async onboardingLink(accountId: string, { returnUrl, refreshUrl }: OnboardingReturn): Promise<string> {
    // No key of ours: every call wants a new link (they expire), and the SDK gives each request its
    // own key, under which its retries are replayed.
    const link = await this.call(() =>
      this.stripe.accountLinks.create({ account: accountId, type: 'account_onboarding', return_url: returnUrl, refresh_url: refreshUrl }),
    );
    return link.url;
  }

  async transfer(request: TransferRequest, idempotencyKey: string): Promise<string> {
    const transfer = await this.call(() =>
      this.stripe.transfers.create(
        {
          amount: request.amountCents,
          currency: request.currency,
          destination: request.accountId,
          transfer_group: request.orderId,
          ...(request.chargeId ? { source_transaction: request.chargeId } : {}),
          metadata: { payoutId: request.payoutId, orderId: request.orderId },
        },
        { idempotencyKey },
      ),
    );
    return transfer.id;
  }

  parseWebhook(rawBody: Buffer | undefined, signature: string | undefined): WebhookEvent {
    const secret = this.options.webhookSecret;
    if (!secret) throw new WebhookSignatureError('Webhook signing secret is not configured');
    if (!rawBody || !signature) throw new WebhookSignatureError('Missing Stripe signature');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        this.options.logger.warn({ reason: err.message }, 'webhook signature rejected');
        throw new WebhookSignatureError('Invalid Stripe signature');
      }
      throw err;
    }
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.canceled':
        return { type: event.type, intent: toWebhookIntent(event.data.object) };
      case 'account.updated': {
        const account: WebhookAccount = { ...toAccount(event.data.object), updatedAt: new Date(event.created * 1000) };
        return { type: event.type, account };
      }
      default:
        return { type: 'ignored', stripeType: event.type };
    }
  }

  /**
   * Stripe unreachable or failing after the SDK's retries: a 503 for a request, a redelivery for an
   * event. The idempotency keys make the later attempt safe.
   */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      // Another request with the same key still in progress (this request replayed while the first
      // one is slow) is as good as unavailable: the next try gets the first one's answer.
      const keyInUse = err instanceof Stripe.errors.StripeError && err.code === 'idempotency_key_in_use';
      if (keyInUse || err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeRateLimitError) {
        this.options.logger.warn({ err }, 'Stripe unavailable');
        throw new ServiceUnavailableError('The payment provider is unavailable; please try again');
      }
      throw err;
    }
  }
}
