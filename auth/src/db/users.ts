import { and, eq } from 'drizzle-orm';
import { recordEvent, type Db } from '@ticketing/common';
import { users, type AuthSchema, type AuthTx, type User } from './schema';

export async function findUserByEmail(db: Db<AuthSchema>, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

/**
 * Inserts the user and records user.created in the caller's transaction, or returns null when the
 * email is taken (also by a concurrent signup).
 */
export async function insertUser(tx: AuthTx, email: string, passwordHash: string): Promise<User | null> {
  const [user] = await tx
    .insert(users)
    .values({ email, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!user) return null;
  await recordEvent(tx, 'user.created', { id: user.id, email: user.email });
  return user;
}

/**
 * Replaces the user's password hash with one of the same password, only if it is still `previous`:
 * a hash changed meanwhile by anyone else is kept.
 */
export async function replacePasswordHash(db: Db<AuthSchema>, userId: string, previous: string, next: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: next })
    .where(and(eq(users.id, userId), eq(users.passwordHash, previous)));
}
