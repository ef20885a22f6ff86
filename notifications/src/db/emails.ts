import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '@ticketing/common';
import { emails, notices, type EmailRow, type NoticeRow, type NotificationsSchema } from './schema';

/*
 * Queries only: the send log. Every change after a send names the state it expects, so a sender
 * whose lease ran out while it was sending cannot undo what another recorded since.
 */

/**
 * Claims e-mails that are due, moving their due time on by `leaseMs` so no other sender takes them
 * meanwhile; each with its notice.
 */
export async function claimDueEmails(db: Db<NotificationsSchema>, now: Date, leaseMs: number, limit: number): Promise<{ email: EmailRow; notice: NoticeRow }[]> {
  return db.transaction(async (tx) => {
    const due = await tx.select().from(emails).where(lte(emails.dueAt, now)).orderBy(asc(emails.dueAt)).limit(limit).for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((email) => email.noticeId);
    await tx
      .update(emails)
      .set({ dueAt: new Date(now.getTime() + leaseMs) })
      .where(inArray(emails.noticeId, ids));
    const rows = await tx.select().from(notices).where(inArray(notices.id, ids));
    return due.map((email) => ({ email, notice: rows.find((notice) => notice.id === email.noticeId)! }));
  });
}

export async function recordEmailSent(db: Db<NotificationsSchema>, noticeId: string, toAddress: string, at: Date): Promise<void> {
  await db
    .update(emails)
    .set({ state: 'sent', toAddress, sentAt: at, dueAt: null, lastError: null })
    .where(and(eq(emails.noticeId, noticeId), eq(emails.state, 'pending')));
}

export async function recordEmailRefused(db: Db<NotificationsSchema>, noticeId: string, toAddress: string, reason: string): Promise<void> {
  await db
    .update(emails)
    .set({ state: 'refused', toAddress, dueAt: null, lastError: reason })
    .where(and(eq(emails.noticeId, noticeId), eq(emails.state, 'pending')));
}

/** Not sent this time: due again at `retryAt`. */
export async function postponeEmail(db: Db<NotificationsSchema>, email: EmailRow, toAddress: string | null, reason: string, retryAt: Date): Promise<void> {
  await db
    .update(emails)
    .set({ toAddress, attempts: email.attempts + 1, lastError: reason, dueAt: retryAt })
    .where(and(eq(emails.noticeId, email.noticeId), eq(emails.state, 'pending')));
}

export async function findEmail(db: Db<NotificationsSchema>, noticeId: string): Promise<EmailRow | undefined> {
  const [email] = await db.select().from(emails).where(eq(emails.noticeId, noticeId));
  return email;
}
