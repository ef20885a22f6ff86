import { and, count, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Cursor, Db } from '@ticketing/common';
import { emails, notices, type NoticeRow, type NotificationsSchema, type NotificationsTx } from './schema';

/*
 * Queries only. Every read and write names its recipient, so no query can reach another user's notices.
 */

/**
 * Adds the notice unless its event already gave this recipient one; resolves to the new row, or
 * undefined for a redelivery. With `emailMessageId`, its e-mail is due at once in the send log.
 */
export async function insertNotice(
  tx: NotificationsTx,
  notice: Pick<NoticeRow, 'recipientId' | 'envelopeId' | 'kind' | 'facts' | 'occurredAt'>,
  email: { messageIdOf: (noticeId: string) => string; dueAt: Date } | undefined,
): Promise<NoticeRow | undefined> {
  const [inserted] = await tx
    .insert(notices)
    .values(notice)
    .onConflictDoNothing({ target: [notices.envelopeId, notices.recipientId] })
    .returning();
  if (inserted && email) {
    await tx.insert(emails).values({ noticeId: inserted.id, state: 'pending', dueAt: email.dueAt, messageId: email.messageIdOf(inserted.id) });
  }
  return inserted;
}

/** The recipient's notices newest first, from after the cursor, `limit` of them. */
export async function noticesOf(db: Db<NotificationsSchema>, recipientId: string, page: { after?: Cursor; limit: number }): Promise<NoticeRow[]> {
  const after = page.after;
  return db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.recipientId, recipientId),
        after ? or(lt(notices.occurredAt, after.at), and(eq(notices.occurredAt, after.at), lt(notices.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(notices.occurredAt), desc(notices.id))
    .limit(page.limit);
}

export async function unreadCountOf(db: Db<NotificationsSchema> | NotificationsTx, recipientId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notices)
    .where(and(eq(notices.recipientId, recipientId), isNull(notices.readAt)));
  return row?.unread ?? 0;
}

/** Marks the recipient's unread notices read: those of `ids`, or all. Ids of others' notices match nothing. */
export async function markNoticesRead(db: Db<NotificationsSchema> | NotificationsTx, recipientId: string, which: { ids: string[] } | 'all', at: Date): Promise<void> {
  await db
    .update(notices)
    .set({ readAt: at })
    .where(and(eq(notices.recipientId, recipientId), isNull(notices.readAt), which === 'all' ? undefined : inArray(notices.id, which.ids)));
}

export const noticeCursorOf = (notice: NoticeRow): Cursor => ({ at: notice.occurredAt, id: notice.id });

