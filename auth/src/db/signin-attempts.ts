import { eq, sql } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { signinAttempts, type AuthSchema } from './schema';
import type { AttemptCount } from '../domain/signin-throttle';

/**
 * Counts one attempt for `key` in a single upsert, so concurrent attempts on several replicas each
 * see a distinct count. A window that started before `cutoff` is over and starts again at `now`.
 */
export async function countAttempt(db: Db<AuthSchema>, key: string, now: Date, cutoff: Date): Promise<AttemptCount> {
  const expired = sql`${signinAttempts.windowStartedAt} <= ${cutoff.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(signinAttempts)
    .values({ key, attempts: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: signinAttempts.key,
      set: {
        attempts: sql`CASE WHEN ${expired} THEN 1 ELSE ${signinAttempts.attempts} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.toISOString()}::timestamptz ELSE ${signinAttempts.windowStartedAt} END`,
      },
    })
    .returning({ attempts: signinAttempts.attempts, windowStartedAt: signinAttempts.windowStartedAt });
  return row!;
}

export async function forgetAttempts(db: Db<AuthSchema>, key: string): Promise<void> {
  await db.delete(signinAttempts).where(eq(signinAttempts.key, key));
}

export async function giveBackAttempt(db: Db<AuthSchema>, key: string): Promise<void> {
  await db
    .update(signinAttempts)
    .set({ attempts: sql`GREATEST(${signinAttempts.attempts} - 1, 0)` })
    .where(eq(signinAttempts.key, key));
}
