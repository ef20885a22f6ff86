import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

/** What a session says about its user: all a service needs to authorise a request. */
export interface SessionUser {
  id: string;
  email: string;
}

/**
 * HS256 only: pinning the algorithm on verify is what rejects `alg: none` and tokens signed with
 * some other scheme or key.
 */
const ALGORITHM = 'HS256';

const secretKeys = new Map<string, KeyObject>();

/**
 * The key as a KeyObject, made once per key. Given a string, jsonwebtoken first tries to parse it
 * as a PEM public key and builds the secret only when that throws: over a millisecond of CPU on
 * every request, the largest single cost of an authenticated call. The bytes are the same, so
 * tokens signed either way verify either way.
 */
function secretKey(key: string): KeyObject {
  let secret = secretKeys.get(key);
  if (!secret) {
    secret = createSecretKey(Buffer.from(key, 'utf8'));
    secretKeys.set(key, secret);
  }
  return secret;
}

export function signSessionToken(user: SessionUser, key: string, expiresInSeconds: number): string {
  return jwt.sign({ id: user.id, email: user.email }, secretKey(key), { algorithm: ALGORITHM, expiresIn: expiresInSeconds });
}

/**
 * The claims a session must carry. The id is a UUID as auth issues them and as every event that
 * names a user requires: a token signed with the key but naming anything else is not a session.
 */
const sessionUserClaims = z.object({ id: z.uuid(), email: z.string() });

/** The user of a valid, unexpired token signed with `key`; null for anything else. */
export function verifySessionToken(token: unknown, key: string): SessionUser | null {
  if (typeof token !== 'string' || token.length === 0) return null;
  try {
    const payload = jwt.verify(token, secretKey(key), { algorithms: [ALGORITHM] });
    const user = sessionUserClaims.safeParse(payload);
    return user.success ? { id: user.data.id, email: user.data.email } : null;
  } catch {
    return null;
  }
}
