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

  it('when JWT_KEY is missing, then loading fails naming it', () => {
    expect(() => loadOrdersConfig({})).toThrow(/JWT_KEY/);
  });
});
