import { ConfigError } from '@ticketing/common';
import { loadOrdersConfig } from '../src/config';
import { loadOrdersWorkerConfig } from '../src/worker-config';

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

describe("where orders' event listeners run", () => {
  it('when EVENT_LISTENERS is unset, then orders runs them itself', () => {
    expect(loadOrdersConfig(required).EVENT_LISTENERS).toBe('in-process');
  });

  it('when EVENT_LISTENERS is worker, then it leaves them to the orders worker', () => {
    expect(loadOrdersConfig({ ...required, EVENT_LISTENERS: 'worker' }).EVENT_LISTENERS).toBe('worker');
  });

  it('when EVENT_LISTENERS names anything else, then loading fails naming it', () => {
    expect(() => loadOrdersConfig({ ...required, EVENT_LISTENERS: 'off' })).toThrow(/EVENT_LISTENERS/);
  });
});

describe('loadOrdersWorkerConfig', () => {
  const database = { DATABASE_URL: 'postgres://orders@127.0.0.1:5432/orders' };

  it('when DATABASE_URL is unset, then loading fails naming it, even outside production: embedded PGlite cannot be shared with orders', () => {
    const load = () => loadOrdersWorkerConfig({ NODE_ENV: 'development' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATABASE_URL/);
  });

  it("when DATABASE_URL names orders' PostgreSQL, then it loads without the session key or the fees, which only the API uses", () => {
    expect(loadOrdersWorkerConfig(database)).toMatchObject({ ...database, NATS_URL: expect.any(String) });
  });
});
