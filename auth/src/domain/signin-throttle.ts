import { clientNetwork } from './throttle-window';

/**
 * The sign-in throttle's rules. Guessing is limited where it comes from: per email from one client
 * address, and per client address over all emails. A limit on the email alone would let anyone lock
 * its owner out by failing on purpose, so attempts for one email from everywhere only slow its
 * answers down, and the owner who knows the password still gets in.
 */
export interface SigninThrottlePolicy {
  maxAttemptsPerEmailAndClient: number;
  maxAttemptsPerClient: number;
  /** Attempts for one email, from all clients, that are answered without delay. */
  attemptsPerEmailBeforeDelay: number;
  maxDelayMs: number;
  windowSeconds: number;
}

/** A client network has no spaces, so the first one separates it from the email. */
export const emailAndClientKey = (email: string, clientAddress: string) => `email+client:${clientNetwork(clientAddress)} ${email}`;
export const emailKey = (email: string) => `email:${email}`;

const FIRST_DELAY_MS = 250;

/** Nothing up to the email's allowance, then a delay that doubles with each attempt, up to the cap. */
export function delayForEmailAttempt(attempts: number, policy: SigninThrottlePolicy): number {
  const excess = attempts - policy.attemptsPerEmailBeforeDelay;
  if (excess <= 0) return 0;
  return Math.min(policy.maxDelayMs, FIRST_DELAY_MS * 2 ** (excess - 1));
}
