import { NotAuthorizedError, TooManyRequestsError, type Db } from '@ticketing/common';
import { countAttempts, forgetAttempts, giveBackAttempts } from '../db/attempt-counts';
import { signinAttempts, type AuthSchema, type User } from '../db/schema';
import { findUserByEmail, replacePasswordHash } from '../db/users';
import type { PasswordHasher } from './password';
import { delayForEmailAttempt, emailAndClientKey, emailKey, type SigninThrottlePolicy } from './signin-throttle';
import { clientKey, secondsUntilAllowed, windowCutoff } from './throttle-window';

export interface SignInDeps {
  db: Db<AuthSchema>;
  now: () => Date;
  /** Injected so that tests see the delays without sitting through them. */
  wait: (ms: number) => Promise<void>;
  hasher: PasswordHasher;
  policy: SigninThrottlePolicy;
}

/** The same words for an unknown email and a wrong password, so neither reveals who has an account. */
const INVALID_CREDENTIALS = 'Invalid email or password';

/**
 * A user signs in with their password. The attempt is counted for the email from this client and
 * for the client before anything else; over either limit it is refused. Only an attempt that goes
 * ahead counts for the email, so that one address hammering an account cannot slow down its owner
 * elsewhere. A success forgets this client's failures for the email and does not count against
 * the client or the email, and a hash made with older parameters is replaced by a current one.
 */
export async function signIn(
  { db, now, wait, hasher, policy }: SignInDeps,
  email: string,
  password: string,
  clientAddress: string,
): Promise<User> {
  const at = now();
  const cutoff = windowCutoff(policy.windowSeconds, at);
  const byEmailAndClient = emailAndClientKey(email, clientAddress);
  const byClient = clientKey(clientAddress);
  const counts = await countAttempts(db, signinAttempts, [byEmailAndClient, byClient], at, cutoff);
  const retryAfter = Math.max(
    secondsUntilAllowed(counts.get(byEmailAndClient)!, policy.maxAttemptsPerEmailAndClient, policy.windowSeconds, at) ?? 0,
    secondsUntilAllowed(counts.get(byClient)!, policy.maxAttemptsPerClient, policy.windowSeconds, at) ?? 0,
  );
  if (retryAfter > 0) throw new TooManyRequestsError('Too many sign-in attempts, try again later', retryAfter);

  const byEmail = emailKey(email);
  const emailCount = (await countAttempts(db, signinAttempts, [byEmail], at, cutoff)).get(byEmail)!;
  const delayMs = delayForEmailAttempt(emailCount.attempts, policy);
  if (delayMs > 0) await wait(delayMs);

  const user = await findUserByEmail(db, email);
  const valid = user ? await hasher.verify(password, user.passwordHash) : await hasher.verifyAgainstDecoy(password);
  if (!user || !valid) throw new NotAuthorizedError(INVALID_CREDENTIALS);

  await Promise.all([
    forgetAttempts(db, signinAttempts, [byEmailAndClient]),
    giveBackAttempts(db, signinAttempts, [byClient, byEmail]),
  ]);
  if (hasher.isOutdated(user.passwordHash)) {
    await replacePasswordHash(db, user.id, user.passwordHash, await hasher.hash(password, 'signin'));
  }
  return user;
}
