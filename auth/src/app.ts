import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { AuthConfig } from './config';
import type { AuthSchema } from './db/schema';
import { HashingSlots } from './domain/hashing-slots';
import { PasswordHasher } from './domain/password';
import type { SessionSettings } from './domain/session';
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

export interface AuthAppDeps extends ServiceDeps<AuthConfig, AuthSchema> {
  /** Injected so throttle windows can be tested without waiting. */
  now?: () => Date;
  /** Injected so the sign-in delays can be seen without sitting through them. */
  wait?: (ms: number) => Promise<void>;
  /** Built from the config unless a test brings its own (a cheaper cost, a derivation it controls). */
  hasher?: PasswordHasher;
}

function passwordHasherFor(config: AuthConfig): PasswordHasher {
  return new PasswordHasher({
    slots: new HashingSlots({ signupSlots: config.SIGNUP_HASH_CONCURRENCY, slotsReservedForSignins: config.SIGNIN_RESERVED_HASH_CONCURRENCY }),
  });
}

export function createAuthApp({
  config,
  db,
  logger,
  metrics,
  readiness,
  informational,
  now = () => new Date(),
  wait = (ms) => sleep(ms),
  hasher = passwordHasherFor(config),
}: AuthAppDeps): Express {
  const session: SessionSettings = { jwtKey: config.JWT_KEY, expiresInSeconds: config.JWT_EXPIRES_IN_SECONDS };
  return createServiceApp({
    logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [
      signupRouter(
        { db, now, hasher, policy: { maxPerClient: config.SIGNUP_MAX_PER_CLIENT, windowSeconds: config.SIGNUP_THROTTLE_WINDOW_SECONDS } },
        session,
      ),
      signinRouter(
        {
          db,
          now,
          wait,
          hasher,
          policy: {
            maxAttemptsPerEmailAndClient: config.SIGNIN_MAX_ATTEMPTS_PER_EMAIL_AND_CLIENT,
            maxAttemptsPerClient: config.SIGNIN_MAX_ATTEMPTS_PER_CLIENT,
            attemptsPerEmailBeforeDelay: config.SIGNIN_ATTEMPTS_PER_EMAIL_BEFORE_DELAY,
            maxDelayMs: config.SIGNIN_MAX_DELAY_MS,
            windowSeconds: config.SIGNIN_THROTTLE_WINDOW_SECONDS,
          },
        },
        session,
      ),
      signoutRouter(),
      currentUserRouter(),
    ],
  });
}
