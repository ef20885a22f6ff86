import { ConfigError } from '@ticketing/common';
import { loadOrdersConfig } from '../src/config';

const required = { JWT_KEY: 'k'.repeat(32) };

describe('loadOrdersConfig', () => {
  it('when EXPIRATION_WINDOW_SECONDS is unset, then the hold lasts 15 minutes', () => {
    const config = loadOrdersConfig(required);

    expect(config.EXPIRATION_WINDOW_SECONDS).toBe(900);
  });

  it('when EXPIRATION_WINDOW_SECONDS is set, then it is read as whole seconds', () => {
    const config = loadOrdersConfig({ ...required, EXPIRATION_WINDOW_SECONDS: '60' });

    expect(config.EXPIRATION_WINDOW_SECONDS).toBe(60);
  });

  it.each(['0', '-5', '1.5', 'soon'])('when EXPIRATION_WINDOW_SECONDS is %s, then loading fails naming it', (value) => {
    const load = () => loadOrdersConfig({ ...required, EXPIRATION_WINDOW_SECONDS: value });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/EXPIRATION_WINDOW_SECONDS/);
  });

  it('when the fee variables are unset, then the buyer pays 10 % with no fixed part, in usd', () => {
    const config = loadOrdersConfig(required);

    expect(config).toMatchObject({ BUYER_FEE_PERCENT: 1000, BUYER_FEE_FIXED: 0, PAYMENT_CURRENCY: 'usd' });
  });

  it('when BUYER_FEE_PERCENT and BUYER_FEE_FIXED are set, then they are read exactly, in basis points and cents', () => {
    const config = loadOrdersConfig({ ...required, BUYER_FEE_PERCENT: '7.5', BUYER_FEE_FIXED: '0.30' });

    expect(config).toMatchObject({ BUYER_FEE_PERCENT: 750, BUYER_FEE_FIXED: 30 });
  });

  it.each([
    ['BUYER_FEE_PERCENT', '101'],
    ['BUYER_FEE_FIXED', '0.305'],
  ])('when %s is %s, then loading fails naming it', (name, value) => {
    expect(() => loadOrdersConfig({ ...required, [name]: value })).toThrow(new RegExp(name));
  });

  it('when JWT_KEY is missing, then loading fails naming it', () => {
    expect(() => loadOrdersConfig({})).toThrow(/JWT_KEY/);
  });
});
