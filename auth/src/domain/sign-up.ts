import { ConflictError, TooManyRequestsError, type Db } from '@ticketing/common';
import { countAttempts } from '../db/attempt-counts';
import { signupAttempts, type AuthSchema, type User } from '../db/schema';
import { insertUser } from '../db/users';
import type { PasswordHasher } from './password';
import { clientKey, secondsUntilAllowed, windowCutoff } from './throttle-window';

export interface SignupThrottlePolicy {
  maxPerClient: number;
  windowSeconds: number;
}

export interface SignUpDeps {
  db: Db<AuthSchema>;
  now: () => Date;
  hasher: PasswordHasher;
  policy: SignupThrottlePolicy;
}

/**
 * Someone creates an account. A taken email is answered 409, so that a user who already has an
 * account learns to sign in instead; that answer also tells anyone whether an email is registered.
 * What keeps asking slow is the per-client limit, which counts every sign-up, taken emails included,
 * and the password is hashed before the insert, so a taken email costs as much as a new account.
 * The account and its user.created are written in one transaction: no user goes unannounced.
 */
export async function signUp({ db, now, hasher, policy }: SignUpDeps, email: string, password: string, clientAddress: string): Promise<User> {
  const at = now();
  const byClient = clientKey(clientAddress);
  const count = (await countAttempts(db, signupAttempts, [byClient], at, windowCutoff(policy.windowSeconds, at))).get(byClient)!;
  const retryAfter = secondsUntilAllowed(count, policy.maxPerClient, policy.windowSeconds, at);
  if (retryAfter !== null) throw new TooManyRequestsError('Too many sign-ups, try again later', retryAfter);

  const passwordHash = await hasher.hash(password, 'signup');
  const user = await db.transaction((tx) => insertUser(tx, email, passwordHash));
  if (!user) throw new ConflictError('Email already in use', 'email');
  return user;
}
