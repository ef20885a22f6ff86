import Link from 'next/link';
import type { Notice, NoticeKind, NoticePage } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { MOST_NOTICES_SHOWN, nextShown } from '@/lib/notices';
import { EmptyState } from '../ui/empty-state';
import { markNoticeReadAction } from './actions';
import { MarkReadForm } from './mark-read-form';

/** What each kind of notice is about, in a word or two, beside its title. */
const KIND_LABELS: Record<NoticeKind, string> = {
  'order-held': 'Held',
  'order-paid': 'Bought',
  'ticket-sold': 'Sold',
  'order-expired': 'Hold ended',
  'order-cancelled': 'Cancelled',
  'payout-sent': 'Paid out',
};

/** The visitor's notices, newest first, and "Load more" while older ones are left. `shown` is how many were asked for. */
export function NoticeList({ page, shown }: { page: NoticePage; shown: number }) {
  if (page.notices.length === 0) {
    return (
      <EmptyState title="No notifications yet.">
        <p>When you buy or sell a ticket, and when you are paid for one, you are told here.</p>
      </EmptyState>
    );
  }
  const more = page.nextCursor ? nextShown(shown) : null;
  return (
    <>
      <ul className="notices">
        {page.notices.map((notice) => (
          <NoticeItem key={notice.id} notice={notice} />
        ))}
      </ul>
      {more && (
        <nav aria-label="More notifications" className="pagination">
          {/* The list grows where it is, rather than the page jumping back to its top. */}
          <Link href={`/notifications?shown=${more}`} scroll={false} className="button button-secondary" rel="next">
            Load more
          </Link>
        </nav>
      )}
      {page.nextCursor && !more && <p className="muted">Only the newest {MOST_NOTICES_SHOWN} notifications are shown.</p>}
    </>
  );
}

/** Unread shows twice: a badge to the eye, and its heading starts with it for a screen reader. */
function NoticeItem({ notice }: { notice: Notice }) {
  const unread = notice.readAt === null;
  return (
    <li className={unread ? 'card notice notice-unread' : 'card notice'}>
      <div className="notice-head">
        <h2 className="notice-title">
          {unread && <span className="visually-hidden">Unread: </span>}
          {notice.link ? <Link href={notice.link}>{notice.title}</Link> : notice.title}
        </h2>
        {unread && (
          <span className="badge badge-unread" aria-hidden="true">
            Unread
          </span>
        )}
      </div>
      <p className="notice-body">{notice.body}</p>
      <p className="notice-meta">
        {notice.kind && <span className="badge badge-notice">{KIND_LABELS[notice.kind]}</span>}
        <time dateTime={notice.createdAt.toISOString()}>{formatDateTime(notice.createdAt)}</time>
      </p>
      {unread && (
        <MarkReadForm action={markNoticeReadAction.bind(null, notice.id)}>
          Mark read<span className="visually-hidden">: {notice.title}</span>
        </MarkReadForm>
      )}
    </li>
  );
}
