import { ConfigError } from '@ticketing/common';
import { loadPaymentsConfig } from '../src/config';

const required = { JWT_KEY: 'k'.repeat(32) };
const production = {
  ...required,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://payments@db:5432/payments',
  NATS_USER: 'payments',
  NATS_PASSWORD: 'p'.repeat(32),
  STRIPE_SECRET_KEY: 'sk_live_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
};

describe('loadPaymentsConfig', () => {
  it('when no Stripe variable is set, then there is no Stripe key (the sandbox) and the currency is usd', () => {
    const config = loadPaymentsConfig(required);

    expect(config).toMatchObject({ PAYMENT_CURRENCY: 'usd' });
    expect(config.STRIPE_SECRET_KEY).toBeUndefined();
    expect(config.STRIPE_WEBHOOK_SECRET).toBeUndefined();
  });

  it('when the Stripe API is pointed elsewhere, then host, port and protocol are read', () => {
    const config = loadPaymentsConfig({ ...required, STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: '12111', STRIPE_API_PROTOCOL: 'http' });

    expect(config).toMatchObject({ STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: 12111, STRIPE_API_PROTOCOL: 'http' });
  });

  it('when every production variable is set, then it loads', () => {
    expect(loadPaymentsConfig(production)).toMatchObject({ STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' });
  });

  it.each(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'])('when %s is missing in production, then loading fails naming it', (name) => {
    const load = () => loadPaymentsConfig({ ...production, [name]: undefined });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`${name} is required in production`));
  });

  it.each([
    ['STRIPE_SECRET_KEY', 'pk_test_abc'],
    ['STRIPE_PUBLISHABLE_KEY', 'sk_test_abc'],
    ['STRIPE_WEBHOOK_SECRET', 'sk_test_abc'],
    ['STRIPE_API_PROTOCOL', 'ftp'],
    ['STRIPE_API_PORT', '99999'],
    ['PUBLIC_URL', 'ticketing.dev'],
    ['PUBLIC_URL', 'ftp://ticketing.dev'],
    ['SELLER_FEE_PERCENT', '100.5'],
  ])('when %s is %s, then loading fails naming it', (name, value) => {
    expect(() => loadPaymentsConfig({ ...required, [name]: value })).toThrow(new RegExp(name));
  });

  it("when PUBLIC_URL and SELLER_FEE_PERCENT are set, then the web app's origin and the seller's fee in basis points are read", () => {
    expect(loadPaymentsConfig({ ...required, PUBLIC_URL: 'https://ticketing.dev', SELLER_FEE_PERCENT: '7.5' })).toMatchObject({ PUBLIC_URL: 'https://ticketing.dev', SELLER_FEE_PERCENT: 750 });
  });

  it('when PAYMENT_CURRENCY is given in capitals, then it is read in lowercase as Stripe takes it', () => {
    expect(loadPaymentsConfig({ ...required, PAYMENT_CURRENCY: 'EUR' }).PAYMENT_CURRENCY).toBe('eur');
  });

  it.each(['jpy', 'kwd', 'euro', '€'])('when PAYMENT_CURRENCY is %s, which is not counted in hundredths, then loading fails naming it', (value) => {
    expect(() => loadPaymentsConfig({ ...required, PAYMENT_CURRENCY: value })).toThrow(/PAYMENT_CURRENCY/);
  });
});
