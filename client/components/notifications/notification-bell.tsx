import { bellBadge, bellLabel } from '@/lib/notices';
import { NavLink } from '../layout/nav-link';

/**
 * The header's way to the visitor's notices, its badge counting the unread ones. The count is the
 * one read when the header was rendered: on loading a page, and when an action refreshes it (marking
 * notices read does); it is null, and the badge left out, when the notifications service did not answer.
 */
export function NotificationBell({ unreadCount }: { unreadCount: number | null }) {
  const badge = bellBadge(unreadCount);
  return (
    <NavLink href="/notifications" className="bell">
      <svg className="bell-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      <span className="visually-hidden">{bellLabel(unreadCount)}</span>
      {badge && (
        <span className="bell-badge" aria-hidden="true">
          {badge}
        </span>
      )}
    </NavLink>
  );
}
