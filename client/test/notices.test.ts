import { describe, expect, it } from '@jest/globals';
import type { Notice, NoticePage } from '../lib/api/types';
import { MOST_NOTICES_SHOWN, NOTICES_PER_CALL, NOTICES_PER_PAGE, bellBadge, bellLabel, newestNotices, nextShown, noticesShown } from '../lib/notices';

const notice = (n: number): Notice => ({
  id: `n${n}`,
  kind: 'order-paid',
  title: `Notice ${n}`,
  body: 'Seat 1.',
  link: '/tickets/mine',
  createdAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000),
  readAt: null,
});

/** An API holding `total` notices, newest first, whose cursor is the index to go on from; it records each call. */
function apiWith(total: number, unreadCount = 7) {
  const all = Array.from({ length: total }, (_, i) => notice(i));
  const calls: { limit: number; cursor: string | undefined }[] = [];
  const fetchPage = async (limit: number, cursor: string | undefined): Promise<NoticePage> => {
    calls.push({ limit, cursor });
    const from = cursor ? Number(cursor) : 0;
    const notices = all.slice(from, from + limit);
    const next = from + notices.length;
    return { notices, unreadCount: unreadCount + calls.length - 1, nextCursor: next < total ? String(next) : null };
  };
  return { all, calls, fetchPage };
}

describe('how many notices the page shows', () => {
  it('when the address asks for none in particular, or for nonsense, then one page', () => {
    for (const param of [undefined, '', '0', '-5', '2.5', 'many', '20abc']) {
      expect(noticesShown(param)).toBe(NOTICES_PER_PAGE);
    }
  });

  it('when it asks for a number, then that many, up to the most the page shows', () => {
    expect(noticesShown('40')).toBe(40);
    expect(noticesShown('7')).toBe(7);
    expect(noticesShown('100000000000000000000')).toBe(MOST_NOTICES_SHOWN);
  });

  it('when "Load more" is offered, then it asks for a page more, until the most the page shows', () => {
    expect(nextShown(NOTICES_PER_PAGE)).toBe(2 * NOTICES_PER_PAGE);
    expect(nextShown(MOST_NOTICES_SHOWN - 5)).toBe(MOST_NOTICES_SHOWN);
    expect(nextShown(MOST_NOTICES_SHOWN)).toBeNull();
  });
});

describe('fetching the newest notices', () => {
  it('when fewer are asked for than one call brings, then one call, from the newest, with the cursor to go on', async () => {
    const api = apiWith(30);
    const page = await newestNotices(20, api.fetchPage);
    expect(api.calls).toEqual([{ limit: 20, cursor: undefined }]);
    expect(page.notices).toEqual(api.all.slice(0, 20));
    expect(page.nextCursor).toBe('20');
  });

  it('when more are asked for than one call brings, then the cursors are followed until there are enough', async () => {
    const api = apiWith(250);
    const page = await newestNotices(220, api.fetchPage);
    expect(api.calls).toEqual([
      { limit: NOTICES_PER_CALL, cursor: undefined },
      { limit: NOTICES_PER_CALL, cursor: '100' },
      { limit: 20, cursor: '200' },
    ]);
    expect(page.notices.map((n) => n.id)).toEqual(api.all.slice(0, 220).map((n) => n.id));
    // The last answer's count: the freshest.
    expect(page.unreadCount).toBe(9);
    expect(page.nextCursor).toBe('220');
  });

  it('when the notices run out first, then it stops there, with no cursor', async () => {
    const api = apiWith(130);
    const page = await newestNotices(300, api.fetchPage);
    expect(api.calls).toHaveLength(2);
    expect(page.notices).toHaveLength(130);
    expect(page.nextCursor).toBeNull();
  });

  it('when the API answers an empty page with a cursor, then it stops rather than asking forever', async () => {
    let calls = 0;
    const page = await newestNotices(50, async () => {
      calls += 1;
      return { notices: [], unreadCount: 0, nextCursor: 'again' };
    });
    expect(calls).toBe(1);
    expect(page.notices).toEqual([]);
  });
});

describe('the bell in the header', () => {
  it('when notices are unread, then its name says how many and its badge shows the count', () => {
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(bellBadge(3)).toBe('3');
    expect(bellLabel(120)).toBe('Notifications, 120 unread');
    expect(bellBadge(120)).toBe('99+');
  });

  it('when none is unread, or the count is unknown, then it is just the bell, with no badge', () => {
    for (const count of [0, null]) {
      expect(bellLabel(count)).toBe('Notifications');
      expect(bellBadge(count)).toBeNull();
    }
  });
});
