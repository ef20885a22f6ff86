import { inArray, sql } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import type { AttemptCountTable, AuthSchema } from './schema';
import type { AttemptCount } from '../domain/throttle-window';

/**
 * Counts one attempt for each key in a single upsert, so concurrent attempts on several replicas
 * each see a distinct count. A window that started at or before `cutoff` is over and starts again
 * at `now`. Keys are taken in sorted order, so two such statements never wait on each other's rows.
 */
export async function countAttempts(
  db: Db<AuthSchema>,
  table: AttemptCountTable,
  keys: string[],
  now: Date,
  cutoff: Date,
): Promise<Map<string, AttemptCount>> {
  const expired = sql`${table.windowStartedAt} <= ${cutoff.toISOString()}::timestamptz`;
  const rows = await db
    .insert(table)
    .values([...keys].sort().map((key) => ({ key, attempts: 1, windowStartedAt: now })))
    .onConflictDoUpdate({
      target: table.key,
      set: {
        attempts: sql`CASE WHEN ${expired} THEN 1 ELSE ${table.attempts} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.toISOString()}::timestamptz ELSE ${table.windowStartedAt} END`,
      },
    })
    .returning({ key: table.key, attempts: table.attempts, windowStartedAt: table.windowStartedAt });
  return new Map(rows.map(({ key, ...count }) => [key, count]));
}

export async function forgetAttempts(db: Db<AuthSchema>, table: AttemptCountTable, keys: string[]): Promise<void> {
  await db.delete(table).where(inArray(table.key, keys));
}

export async function giveBackAttempts(db: Db<AuthSchema>, table: AttemptCountTable, keys: string[]): Promise<void> {
  await db
    .update(table)
    .set({ attempts: sql`GREATEST(${table.attempts} - 1, 0)` })
    .where(inArray(table.key, keys));
}

/** Deletes the counts whose window started at or before `cutoff`; resolves to how many went. */
export async function pruneAttempts(db: Db<AuthSchema>, table: AttemptCountTable, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(table)
    .where(sql`${table.windowStartedAt} <= ${cutoff.toISOString()}::timestamptz`)
    .returning({ key: table.key });
  return deleted.length;
}
