import cookieSession from 'cookie-session';
import type { RequestHandler } from 'express';

export const SESSION_COOKIE_NAME = 'session';

export interface SessionCookieOptions {
  /** Secure cookies outside local development: the browser sends them only over https. */
  secure: boolean;
  maxAgeSeconds: number;
}

/**
 * The session is a cookie holding the JWT. It is not signed by cookie-session because the JWT inside
 * is; httpOnly keeps scripts away from it and SameSite=Lax keeps it off cross-site form posts.
 */
export function sessionCookie({ secure, maxAgeSeconds }: SessionCookieOptions): RequestHandler {
  return cookieSession({
    name: SESSION_COOKIE_NAME,
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: maxAgeSeconds * 1000,
  }) as RequestHandler;
}
