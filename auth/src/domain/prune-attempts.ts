import type { Db } from '@ticketing/common';
import { pruneAttempts } from '../db/attempt-counts';
import { signinAttempts, signupAttempts, type AuthSchema } from '../db/schema';
import { windowCutoff } from './throttle-window';

export interface AttemptWindows {
  signinWindowSeconds: number;
  signupWindowSeconds: number;
}

/**
 * Deletes the throttle counts whose window has ended, so the tables hold only the current windows'
 * keys however many addresses and emails were tried. A deleted count is one the next attempt would
 * have restarted from one anyway, so replicas pruning at the same time do no harm. Resolves to how
 * many counts went.
 */
export async function pruneFinishedAttempts(db: Db<AuthSchema>, now: Date, windows: AttemptWindows): Promise<number> {
  const [signins, signups] = await Promise.all([
    pruneAttempts(db, signinAttempts, windowCutoff(windows.signinWindowSeconds, now)),
    pruneAttempts(db, signupAttempts, windowCutoff(windows.signupWindowSeconds, now)),
  ]);
  return signins + signups;
}
