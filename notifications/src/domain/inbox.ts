import { encodeCursor, pageOf, type Cursor } from '@ticketing/common';
import { markNoticesRead, noticeCursorOf, noticesOf, unreadCountOf } from '../db/notices';
import type { NoticeRow } from '../db/schema';
import type { NotificationsDeps } from './deps';
import { renderNotice, type RenderedNotice } from './notice';
import type { NoticeKind } from './vocabulary';

export interface NoticeView extends RenderedNotice {
  id: string;
  kind: NoticeKind;
  createdAt: string;
  readAt: string | null;
}

export function noticeView(notice: NoticeRow): NoticeView {
  return {
    id: notice.id,
    kind: notice.kind,
    ...renderNotice(notice.kind, notice.facts),
    createdAt: notice.occurredAt.toISOString(),
    readAt: notice.readAt?.toISOString() ?? null,
  };
}

/** A page of the user's notices, newest first, with how many of all of them are unread. */
export async function listInbox(
  { db }: NotificationsDeps,
  userId: string,
  page: { after?: Cursor; limit: number },
): Promise<{ notifications: NoticeView[]; unreadCount: number; nextCursor: string | null }> {
  const [rows, unreadCount] = await Promise.all([noticesOf(db, userId, { after: page.after, limit: page.limit + 1 }), unreadCountOf(db, userId)]);
  const { page: notices, nextCursor } = pageOf(rows, page.limit, (notice) => encodeCursor(noticeCursorOf(notice)));
  return { notifications: notices.map(noticeView), unreadCount, nextCursor };
}

/** Marks some of the user's notices read, or all; a notice already read keeps when it was first read. */
export async function markRead({ db, now }: NotificationsDeps, userId: string, which: { ids: string[] } | 'all'): Promise<{ unreadCount: number }> {
  return db.transaction(async (tx) => {
    await markNoticesRead(tx, userId, which, now());
    return { unreadCount: await unreadCountOf(tx, userId) };
  });
}
