import { ConfigError } from '@ticketing/common';
import { loadExpirationConfig } from '../src/config';

describe('loadExpirationConfig', () => {
  it('when nothing is set, then it uses the local Redis and the order-expiration queue', () => {
    const config = loadExpirationConfig({});

    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.EXPIRATION_QUEUE).toBe('order-expiration');
  });

  it('when REDIS_URL is a rediss URL, then it is accepted', () => {
    const config = loadExpirationConfig({ REDIS_URL: 'rediss://cache.internal:6380' });

    expect(config.REDIS_URL).toBe('rediss://cache.internal:6380');
  });

  it.each([
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_URL', 'not a url'],
    ['EXPIRATION_QUEUE', 'orders:expiration'],
  ])('when %s is %s, then loading fails naming it', (name, value) => {
    const load = () => loadExpirationConfig({ [name]: value });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(name));
  });
});
