import jwt from 'jsonwebtoken';

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

export function signSessionToken(user: SessionUser, key: string, expiresInSeconds: number): string {
  return jwt.sign({ id: user.id, email: user.email }, key, { algorithm: ALGORITHM, expiresIn: expiresInSeconds });
}

/** The user of a valid, unexpired token signed with `key`; null for anything else. */
export function verifySessionToken(token: unknown, key: string): SessionUser | null {
  if (typeof token !== 'string' || token.length === 0) return null;
  try {
    const payload = jwt.verify(token, key, { algorithms: [ALGORITHM] });
    if (typeof payload !== 'object' || payload === null) return null;
    const { id, email } = payload as Record<string, unknown>;
    if (typeof id !== 'string' || typeof email !== 'string') return null;
    return { id, email };
  } catch {
    return null;
  }
}
