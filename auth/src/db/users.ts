import { eq } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { users, type AuthSchema, type User } from './schema';

export async function findUserByEmail(db: Db<AuthSchema>, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

/** Inserts the user, or returns null when the email is taken (also by a concurrent signup). */
export async function insertUser(db: Db<AuthSchema>, email: string, passwordHash: string): Promise<User | null> {
  const [user] = await db
    .insert(users)
    .values({ email, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return user ?? null;
}
