import type { Metadata } from 'next';
import { markAllNoticesReadAction } from '@/components/notifications/actions';
import { MarkReadForm } from '@/components/notifications/mark-read-form';
import { NoticeList } from '@/components/notifications/notice-list';
import { listNotices, requireUser } from '@/lib/api';
import { noticesShown } from '@/lib/notices';
import { firstParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser('/notifications');
  const shown = noticesShown(firstParam((await searchParams).shown));
  const page = await listNotices(shown);
  return (
    <>
      <div className="page-head">
        <h1>
          Notifications {page.unreadCount > 0 && <span className="count">({page.unreadCount} unread)</span>}
        </h1>
        {page.unreadCount > 0 && <MarkReadForm action={markAllNoticesReadAction}>Mark all read</MarkReadForm>}
      </div>
      <NoticeList page={page} shown={shown} />
    </>
  );
}
