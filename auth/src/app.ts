import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { AuthConfig } from './config';
import type { AuthSchema } from './db/schema';
import type { ThrottlePolicy } from './domain/signin-throttle';
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

export interface AuthAppDeps extends ServiceDeps<AuthConfig, AuthSchema> {
  /** Injected so throttle windows can be tested without waiting. */
  now?: () => Date;
}

/** Everything a route needs to issue a session. */
export interface SessionSettings {
  jwtKey: string;
  expiresInSeconds: number;
}

export function createAuthApp({ config, db, logger, metrics, readiness, now = () => new Date() }: AuthAppDeps): Express {
  const session: SessionSettings = { jwtKey: config.JWT_KEY, expiresInSeconds: config.JWT_EXPIRES_IN_SECONDS };
  const throttle: ThrottlePolicy = {
    maxAttemptsPerEmail: config.SIGNIN_MAX_ATTEMPTS_PER_EMAIL,
    maxAttemptsPerClient: config.SIGNIN_MAX_ATTEMPTS_PER_CLIENT,
    windowSeconds: config.SIGNIN_THROTTLE_WINDOW_SECONDS,
  };
  return createServiceApp({
    logger,
    metrics,
    readiness,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [
      signupRouter(db, session),
      signinRouter(db, session, throttle, now),
      signoutRouter(),
      currentUserRouter(),
    ],
  });
}
