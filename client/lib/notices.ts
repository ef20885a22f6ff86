import type { Notice, NoticePage } from './api/types';

/** How many notices the page shows at first, and how many more each "Load more" adds. */
export const NOTICES_PER_PAGE = 20;

/**
 * The most the page shows, however far "Load more" went or a link was edited: every notice shown is
 * fetched again on each render (a mark read, a reload), a page of the API's at a time.
 */
export const MOST_NOTICES_SHOWN = 500;

/** The API's largest page. */
export const NOTICES_PER_CALL = 100;

/**
 * How many notices to show, from the page's `shown` parameter: "Load more" adds a page to it, so a
 * reload or a mark read shows as many as before. Anything but a whole number of at least one shows the first page.
 */
export function noticesShown(param: string | undefined): number {
  if (!param || !/^\d+$/.test(param)) return NOTICES_PER_PAGE;
  const shown = Number(param);
  return shown < 1 ? NOTICES_PER_PAGE : Math.min(shown, MOST_NOTICES_SHOWN);
}

/** The `shown` that "Load more" asks for next; null when the page shows all it may. */
export function nextShown(shown: number): number | null {
  return shown >= MOST_NOTICES_SHOWN ? null : Math.min(shown + NOTICES_PER_PAGE, MOST_NOTICES_SHOWN);
}

/** Fetches one page of the API's: `limit` notices after `cursor` (from the newest without one). */
export type FetchNoticePage = (limit: number, cursor: string | undefined) => Promise<NoticePage>;

/**
 * The newest `count` notices, following the API's cursors. Always from the newest, rather than on
 * from a cursor kept in the page's address: notices that arrived since would otherwise fall between
 * what was shown and what is loaded next. The unread count is the last answer's, the freshest.
 */
export async function newestNotices(count: number, fetchPage: FetchNoticePage): Promise<NoticePage> {
  const notices: Notice[] = [];
  let page = await fetchPage(Math.min(count, NOTICES_PER_CALL), undefined);
  notices.push(...page.notices);
  // An empty page ends it too, so that an API that kept answering with a cursor could not hold the page in a loop.
  while (notices.length < count && page.nextCursor && page.notices.length > 0) {
    page = await fetchPage(Math.min(count - notices.length, NOTICES_PER_CALL), page.nextCursor);
    notices.push(...page.notices);
  }
  return { notices, unreadCount: page.unreadCount, nextCursor: page.nextCursor };
}

/** What the header's bell is called: its unread count is read out with it, and left out when there is none. */
export function bellLabel(unreadCount: number | null): string {
  return unreadCount ? `Notifications, ${unreadCount} unread` : 'Notifications';
}

/** The number on the bell's badge, kept to two digits so it stays on the bell; null when there is nothing unread. */
export function bellBadge(unreadCount: number | null): string | null {
  if (!unreadCount) return null;
  return unreadCount > 99 ? '99+' : String(unreadCount);
}
