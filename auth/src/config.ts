import { busEnv, databaseEnv, env, loadConfig, outboxEnv, serviceEnv, sessionEnv, type ConfigOf } from '@ticketing/common';

const authEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  // Publishes user.created from its outbox; it consumes nothing, so it has no listener settings.
  ...busEnv,
  ...outboxEnv,
  /** Sign-in attempts for one email from one client address; beyond it that pair gets 429. */
  SIGNIN_MAX_ATTEMPTS_PER_EMAIL_AND_CLIENT: env.int({ default: 5, min: 1 }),
  /** Failed sign-ins from one client address over all emails; beyond it the address gets 429. */
  SIGNIN_MAX_ATTEMPTS_PER_CLIENT: env.int({ default: 20, min: 1 }),
  /** Sign-in attempts for one email from all addresses answered without delay; never a refusal. */
  SIGNIN_ATTEMPTS_PER_EMAIL_BEFORE_DELAY: env.int({ default: 100, min: 1 }),
  /** The longest an answer for an email past its allowance is held back. */
  SIGNIN_MAX_DELAY_MS: env.int({ default: 4_000, min: 0, max: 30_000 }),
  SIGNIN_THROTTLE_WINDOW_SECONDS: env.int({ default: 15 * 60, min: 1 }),
  /** Sign-ups from one client address, taken emails included; beyond it the address gets 429. */
  SIGNUP_MAX_PER_CLIENT: env.int({ default: 20, min: 1 }),
  SIGNUP_THROTTLE_WINDOW_SECONDS: env.int({ default: 10 * 60, min: 1 }),
  /**
   * Password derivations at once, each 128 MiB and a libuv pool thread: at most this many for
   * sign-ups, plus this many more that only sign-ins use. Peak memory grows by 128 MiB per slot.
   */
  SIGNUP_HASH_CONCURRENCY: env.int({ default: 1, min: 1, max: 16 }),
  SIGNIN_RESERVED_HASH_CONCURRENCY: env.int({ default: 1, min: 1, max: 16 }),
};

export type AuthConfig = ConfigOf<typeof authEnv>;

export function loadAuthConfig(source: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(authEnv, source);
}
