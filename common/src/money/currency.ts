import { env, type EnvVar } from '../config/config';
import { fromCents } from './money';

/**
 * The smallest amount Stripe charges in each currency counted in hundredths that it settles, in
 * minor units (Stripe's "minimum and maximum charge amounts"). Amounts are integer cents here, so
 * zero- and three-decimal currencies, which would turn 20.00 into 2000 yen, are not offered.
 */
const STRIPE_MINIMUM_CHARGE_CENTS: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/** Stripe takes at most eight digits of minor units in one charge: 999,999.99. */
const STRIPE_MAXIMUM_CHARGE_CENTS = 99_999_999;

export const SUPPORTED_CURRENCIES = Object.keys(STRIPE_MINIMUM_CHARGE_CENTS);

/** What a card can be charged in the currency, in minor units, both ends included. */
export interface ChargeLimits {
  minCents: number;
  maxCents: number;
}

export function chargeLimits(currency: string): ChargeLimits {
  const minCents = STRIPE_MINIMUM_CHARGE_CENTS[currency];
  if (minCents === undefined) throw new Error(`no charge limits for currency "${currency}"`);
  return { minCents, maxCents: STRIPE_MAXIMUM_CHARGE_CENTS };
}

/** "0.50 USD": an amount as the API's messages name it. */
export function formatAmount(cents: number, currency: string): string {
  return `${fromCents(cents).toFixed(2)} ${currency.toUpperCase()}`;
}

function currencyVar(defaultValue: string): EnvVar<string> {
  const hint = `the ISO 4217 code of the currency every price is in, one of ${SUPPORTED_CURRENCIES.join(', ')}`;
  const text = env.string({ default: defaultValue, hint });
  return {
    parse(raw, source) {
      // Stripe takes currency codes in lowercase.
      const value = text.parse(raw, source).trim().toLowerCase();
      if (!SUPPORTED_CURRENCIES.includes(value)) throw new Error(`must be ${hint}, got "${value}"`);
      return value;
    },
  };
}

/** The platform's one currency: every service that handles or shows money reads it. */
export const currencyEnv = {
  PAYMENT_CURRENCY: currencyVar('usd'),
};
