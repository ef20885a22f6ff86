import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { signSessionToken, type SessionUser } from '../auth/session-token';
import { SESSION_COOKIE_NAME } from '../middlewares/session';

/** The `Cookie` header value a browser would send for a session holding `token`. */
export function sessionCookieHeader(token: string): string {
  const value = Buffer.from(JSON.stringify({ jwt: token })).toString('base64');
  return `${SESSION_COOKIE_NAME}=${value}`;
}

/**
 * A signed-in user for services other than auth, whose tests must not depend on the auth service:
 * the same cookie auth would set, signed with the test's key.
 */
export function fakeSession(jwtKey: string, user: Partial<SessionUser> = {}): { user: SessionUser; cookie: string } {
  const id = user.id ?? randomUUID();
  const fullUser = { id, email: user.email ?? `user-${id.slice(0, 8)}@example.test` };
  return { user: fullUser, cookie: sessionCookieHeader(signSessionToken(fullUser, jwtKey, 3600)) };
}

/** Signs up through the auth app's real route and returns the session cookie it set. */
export async function signUp(
  authApp: Express,
  credentials: { email?: string; password?: string } = {},
): Promise<{ user: SessionUser; cookie: string }> {
  const email = credentials.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const password = credentials.password ?? 'correct horse battery';
  const res = await request(authApp).post('/api/users/signup').send({ email, password });
  if (res.status !== 201) throw new Error(`signup failed with ${res.status}: ${JSON.stringify(res.body)}`);
  const setCookie = res.get('Set-Cookie') ?? [];
  const cookie = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`));
  if (!cookie) throw new Error('signup did not set a session cookie');
  return { user: res.body as SessionUser, cookie };
}
