import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored trimmed and lower-cased; the unique constraint is what settles a concurrent double signup. */
  email: text().notNull().unique(),
  passwordHash: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Sign-in attempts per key (`email:…` or `client:…`) in the current window. Kept in the database
 * rather than in memory so that every replica sees the same counts.
 */
export const signinAttempts = pgTable('signin_attempts', {
  key: text().primaryKey(),
  attempts: integer().notNull(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
});

export const schema = { users, signinAttempts };
export type AuthSchema = typeof schema;
export type User = typeof users.$inferSelect;
