import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { outbox, type Db } from '@ticketing/common';

export { outbox };

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored trimmed and lower-cased; the unique constraint is what settles a concurrent double signup. */
  email: text().notNull().unique(),
  passwordHash: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Attempts per key in the key's current window. Kept in the database rather than in memory so that
 * every replica sees the same counts; rows whose window has ended are pruned. The name is typed as
 * a plain string so that one set of queries serves every such table.
 */
const attemptCounts = (name: string) =>
  pgTable(name, {
    key: text().primaryKey(),
    attempts: integer().notNull(),
    windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  });

/** Keys `email+client:…`, `client:…` and `email:…`, as the sign-in throttle counts them. */
export const signinAttempts = attemptCounts('signin_attempts');
/** Keys `client:…`: sign-ups per client address, taken emails included. */
export const signupAttempts = attemptCounts('signup_attempts');

export const schema = { users, signinAttempts, signupAttempts, outbox };
export type AuthSchema = typeof schema;
export type AuthTx = Parameters<Parameters<Db<AuthSchema>['transaction']>[0]>[0];
export type User = typeof users.$inferSelect;
export type AttemptCountTable = typeof signinAttempts;
