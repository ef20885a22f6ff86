import { busEnv, databaseEnv, env, listenerEnv, loadConfig, serviceEnv, sessionEnv, type ConfigOf, type EnvVar } from '@ticketing/common';

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

/**
 * Prices are integer cents, so the currency must count in hundredths. Stripe's zero-decimal and
 * three-decimal currencies would turn a 20.00 ticket into 2000 yen or 2.000 dinars.
 */
const NOT_IN_HUNDREDTHS = ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf', 'bhd', 'jod', 'kwd', 'omr', 'tnd'];

function currency(defaultValue: string): EnvVar<string> {
  const hint = 'the ISO 4217 code of a currency counted in hundredths, such as usd or eur';
  const text = env.string({ default: defaultValue, hint });
  return {
    parse(raw, source) {
      // Stripe takes currency codes in lowercase.
      const value = text.parse(raw, source).trim().toLowerCase();
      if (!/^[a-z]{3}$/.test(value) || NOT_IN_HUNDREDTHS.includes(value)) throw new Error(`must be ${hint}, got "${value}"`);
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
  PAYMENT_CURRENCY: currency('usd'),
};

export type PaymentsConfig = ConfigOf<typeof paymentsEnv>;

export function loadPaymentsConfig(source: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return loadConfig(paymentsEnv, source);
}
