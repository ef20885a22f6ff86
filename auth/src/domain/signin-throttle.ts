/**
 * The sign-in throttle's rules. Each attempt is counted before the password is checked, so a burst
 * of concurrent guesses cannot slip past the limit; a successful sign-in gives its attempt back.
 */
export interface ThrottlePolicy {
  maxAttemptsPerEmail: number;
  maxAttemptsPerClient: number;
  windowSeconds: number;
}

export interface AttemptCount {
  attempts: number;
  windowStartedAt: Date;
}

export const emailKey = (email: string) => `email:${email}`;
export const clientKey = (clientAddress: string) => `client:${clientAddress}`;

/** Counts older than this belong to a finished window and start again from one. */
export function windowCutoff(policy: ThrottlePolicy, now: Date): Date {
  return new Date(now.getTime() - policy.windowSeconds * 1000);
}

/** Seconds until the blocked key's window ends, or null when the attempt may go ahead. */
export function secondsUntilAllowed(count: AttemptCount, limit: number, policy: ThrottlePolicy, now: Date): number | null {
  if (count.attempts <= limit) return null;
  const windowEnds = count.windowStartedAt.getTime() + policy.windowSeconds * 1000;
  return Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
}
