import { busEnv, currencyEnv, databaseEnv, env, feesEnv, listenerEnv, loadConfig, outboxEnv, serviceEnv, sessionEnv, type ConfigOf, type EnvVar } from '@ticketing/common';
import type { PaymentTimings } from './domain/payment';

/** A Stripe credential, checked by its prefix so a key pasted into the wrong variable fails at start. */
function stripeKey(prefixes: string[], hint: string): EnvVar<string> {
  const text = env.string({ hint });
  return {
    parse(raw, source) {
      const value = text.parse(raw, source);
      if (!prefixes.some((prefix) => value.startsWith(prefix))) throw new Error(`must start with ${prefixes.join(' or ')} (${hint})`);
      return value;
    },
  };
}

const paymentsEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  ...busEnv,
  ...listenerEnv,
  ...outboxEnv,
  ...currencyEnv,
  // Only SELLER_FEE_PERCENT is used here (the seller's proceeds); the schedule is read whole so that
  // a bad buyer fee stops payments as it stops orders.
  ...feesEnv,
  /**
   * The web app's origin, where Stripe sends a seller back after onboarding. Unset: the origin of
   * the request that asked for the link (behind the proxies TRUST_PROXY believes).
   */
  PUBLIC_URL: env.optional(env.url({ protocols: ['http', 'https'] })),
  /** Stripe when set; without it a built-in sandbox that charges nothing answers like Stripe's test mode. */
  STRIPE_SECRET_KEY: env.optional(stripeKey(['sk_', 'rk_'], 'a Stripe secret or restricted key'), {
    requiredInProduction: 'a Stripe secret key; the sandbox charges nothing',
  }),
  /** Handed to the web app for Stripe.js (3-D Secure); not needed by the service itself. */
  STRIPE_PUBLISHABLE_KEY: env.optional(stripeKey(['pk_'], 'a Stripe publishable key')),
  /** Verifies the webhook's signature; without it every webhook is refused. */
  STRIPE_WEBHOOK_SECRET: env.optional(stripeKey(['whsec_'], "the signing secret of Stripe's webhook endpoint"), {
    requiredInProduction: 'asynchronous payment outcomes (3-D Secure) arrive only through the signed webhook',
  }),
  /** Where the Stripe SDK sends its requests: left unset for Stripe itself, a local fake in tests. */
  STRIPE_API_HOST: env.optional(env.string({ hint: 'the Stripe API host name' })),
  STRIPE_API_PORT: env.optional(env.port()),
  STRIPE_API_PROTOCOL: env.optional(env.oneOf(['http', 'https'])),
  /**
   * An order whose buyer is in 3-D Secure stays held this long past its expiry while Stripe decides;
   * then it is cancelled and its PaymentIntent cancelled at Stripe.
   */
  PAYMENT_AUTHENTICATION_TIMEOUT_SECONDS: env.int({ default: 600, min: 0 }),
  /** A charge whose answer was never recorded (its process died) is replayed at Stripe after this. */
  PAYMENT_STALE_ATTEMPT_SECONDS: env.int({ default: 60, min: 1 }),
  /**
   * Open orders are closed this long past expiresAt even if their hold timer never fired (Redis lost
   * its data). The expiration service's timer normally closes them at expiresAt.
   */
  EXPIRATION_GRACE_SECONDS: env.int({ default: 3, min: 0 }),
  /** How often the worker looks for overdue orders and for work at Stripe that is due. */
  PAYMENT_WORK_INTERVAL_MS: env.int({ default: 1000, min: 50 }),
};

export type PaymentsConfig = ConfigOf<typeof paymentsEnv>;

/** The waits the payment rules apply, from their settings in seconds. */
export function paymentTimings(config: PaymentsConfig): PaymentTimings {
  return {
    authenticationTimeoutMs: config.PAYMENT_AUTHENTICATION_TIMEOUT_SECONDS * 1000,
    staleAttemptMs: config.PAYMENT_STALE_ATTEMPT_SECONDS * 1000,
  };
}

export function loadPaymentsConfig(source: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return loadConfig(paymentsEnv, source);
}
