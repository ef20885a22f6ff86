import { ConfigError } from '@ticketing/common';
import { loadAuthConfig } from '../src/config';

const validKey = 'k'.repeat(32);

describe('auth configuration', () => {
  it('when only JWT_KEY is given, then everything else has its documented default', () => {
    const config = loadAuthConfig({ JWT_KEY: validKey });

    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATABASE_URL: undefined,
      DATA_DIR: '.data',
      JWT_EXPIRES_IN_SECONDS: 7 * 24 * 3600,
      SIGNIN_MAX_ATTEMPTS_PER_EMAIL_AND_CLIENT: 5,
      SIGNIN_MAX_ATTEMPTS_PER_CLIENT: 20,
      SIGNIN_ATTEMPTS_PER_EMAIL_BEFORE_DELAY: 100,
      SIGNIN_MAX_DELAY_MS: 4000,
      SIGNIN_THROTTLE_WINDOW_SECONDS: 900,
      SIGNUP_MAX_PER_CLIENT: 20,
      SIGNUP_THROTTLE_WINDOW_SECONDS: 600,
      SIGNUP_HASH_CONCURRENCY: 1,
      SIGNIN_RESERVED_HASH_CONCURRENCY: 1,
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_USER: undefined,
      OUTBOX_RETENTION_HOURS: 24,
    });
  });

  it('when several variables are wrong, then one error names every one of them', () => {
    const load = () =>
      loadAuthConfig({ NODE_ENV: 'production', JWT_KEY: 'short', PORT: 'eighty', SIGNUP_MAX_PER_CLIENT: '0' });

    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (err) {
      const { problems } = err as ConfigError;
      expect(problems).toHaveLength(6);
      expect(problems.join('\n')).toMatch(/JWT_KEY must be at least 32 characters/);
      expect(problems.join('\n')).toMatch(/PORT must be an integer/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL is required in production/);
      expect(problems.join('\n')).toMatch(/NATS_USER is required in production/);
      expect(problems.join('\n')).toMatch(/NATS_PASSWORD is required in production/);
      expect(problems.join('\n')).toMatch(/SIGNUP_MAX_PER_CLIENT must be an integer >= 1/);
    }
  });

  it('when DATABASE_URL is not a postgres URL, then it is rejected', () => {
    expect(() => loadAuthConfig({ JWT_KEY: validKey, DATABASE_URL: 'mysql://localhost/auth' })).toThrow(/DATABASE_URL must be a postgres or postgresql URL/);
  });
});
