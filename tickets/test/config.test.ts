import { randomBytes } from 'node:crypto';
import { ConfigError } from '@ticketing/common';
import { loadTicketsConfig } from '../src/config';
import { derivedCredentialKeys } from '../src/domain/credential';

const JWT_KEY = 'j'.repeat(32);
const productionEnv = { NODE_ENV: 'production', JWT_KEY, DATABASE_URL: 'postgres://tickets@db:5432/tickets', NATS_USER: 'tickets', NATS_PASSWORD: 'nats-password' };
const problemsOf = (source: NodeJS.ProcessEnv): string[] => {
  try {
    loadTicketsConfig(source);
  } catch (err) {
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('tickets configuration', () => {
  it('when CREDENTIAL_KEYS is unset outside production, then a key is derived from JWT_KEY, and the check-in window is 6 hours either side', () => {
    const config = loadTicketsConfig({ NODE_ENV: 'development', JWT_KEY });

    expect(config.CREDENTIAL_KEYS).toEqual(derivedCredentialKeys(JWT_KEY));
    expect([config.CHECK_IN_OPENS_HOURS_BEFORE, config.CHECK_IN_CLOSES_HOURS_AFTER]).toEqual([6, 6]);
  });

  it('when CREDENTIAL_KEYS is unset in production, then it is required, with how to make one', () => {
    expect(problemsOf(productionEnv)).toEqual([expect.stringMatching(/^CREDENTIAL_KEYS is required in production \(kid:base64secret pairs .*as openssl rand -base64 32 makes\)$/)]);
  });

  it('when CREDENTIAL_KEYS names two keys in production, then both are read, the first to sign', () => {
    const [next, current] = [randomBytes(32), randomBytes(32)];

    const config = loadTicketsConfig({ ...productionEnv, CREDENTIAL_KEYS: `2027-01:${next.toString('base64')}, 2026-06:${current.toString('base64')}` });

    expect(config.CREDENTIAL_KEYS).toEqual([
      { id: '2027-01', secret: next },
      { id: '2026-06', secret: current },
    ]);
  });

  it('when CREDENTIAL_KEYS is malformed, then the problem is named and the value is not shown', () => {
    const keys = `k1:${randomBytes(8).toString('base64')}`;

    const problems = problemsOf({ ...productionEnv, CREDENTIAL_KEYS: keys, CHECK_IN_OPENS_HOURS_BEFORE: '-1' });

    expect(problems).toEqual([
      expect.stringMatching(/^CREDENTIAL_KEYS key k1: the secret must be base64 of at least 32 random bytes/),
      expect.stringMatching(/^CHECK_IN_OPENS_HOURS_BEFORE must be an integer >= 0/),
    ]);
    expect(problems.join('\n')).not.toContain(keys.slice(3));
  });
});
