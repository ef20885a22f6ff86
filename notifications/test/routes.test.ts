import { randomUUID } from 'node:crypto';
import { startNotificationsContext, type NotificationsTestContext } from './notifications-test-app';

let ctx: NotificationsTestContext;
beforeAll(async () => {
  ctx = await startNotificationsContext();
});
afterAll(() => ctx.close());

/** A buyer with three notices: held, then paid, of one order, and held of another. */
async function buyerWithThreeNotices() {
  const first = await ctx.seedSale();
  await ctx.deliver('order.completed', { id: first.order.id, version: 1, ticket: { id: first.order.ticket.id } }, { occurredAt: new Date(Date.now() + 1000) });
  const ticketId = randomUUID();
  await ctx.deliver('ticket.created', { id: ticketId, version: 0, title: 'x', price: 3000, userId: first.sellerId, eventId: first.event.id, seat: '8' });
  const second = { id: randomUUID(), version: 0, status: 'created' as const, userId: first.buyerId, expiresAt: new Date().toISOString(), ticket: { id: ticketId, price: 3000 }, fee: 300, total: 3300, sellerId: first.sellerId };
  await ctx.deliver('order.created', second, { occurredAt: new Date(Date.now() + 2000) });
  return { ...first, cookie: ctx.session(first.buyerId), secondOrderId: second.id };
}

describe('GET /api/notifications', () => {
  it('when not signed in, then 401', async () => {
    const res = await ctx.list(undefined);
    expect(res.status).toBe(401);
    expect(res.body.errors[0].message).toEqual(expect.any(String));
  });

  it('when signed in, then my notices newest first, each with its words and link, and how many are unread', async () => {
    const { cookie, order, secondOrderId } = await buyerWithThreeNotices();

    const res = await ctx.list(cookie);

    expect(res.status).toBe(200);
    expect(res.body.unreadCount).toBe(3);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.notifications.map((notice: { kind: string; link: string }) => [notice.kind, notice.link])).toEqual([
      ['order-held', `/orders/${secondOrderId}`],
      ['order-paid', '/tickets/mine'],
      ['order-held', `/orders/${order.id}`],
    ]);
    expect(res.body.notifications[0]).toEqual({
      id: expect.any(String),
      kind: 'order-held',
      title: expect.stringMatching(/^Held for you until /),
      body: expect.stringContaining('Seat 8, Berlin Philharmonic'),
      link: `/orders/${secondOrderId}`,
      createdAt: expect.any(String),
      readAt: null,
    });
  });

  it('when a page is smaller than the notices, then nextCursor leads through the rest without repeats', async () => {
    const { cookie } = await buyerWithThreeNotices();
    const all = (await ctx.list(cookie)).body.notifications.map((notice: { id: string }) => notice.id);

    const first = await ctx.list(cookie, { limit: '2' });
    const second = await ctx.list(cookie, { limit: '2', cursor: first.body.nextCursor });

    expect(first.body.notifications.map((notice: { id: string }) => notice.id)).toEqual(all.slice(0, 2));
    expect(second.body.notifications.map((notice: { id: string }) => notice.id)).toEqual(all.slice(2));
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.unreadCount).toBe(3);
  });

  it("when someone else asks, then they see none of another user's notices", async () => {
    await buyerWithThreeNotices();

    const res = await ctx.list(ctx.session());

    expect(res.body).toEqual({ notifications: [], unreadCount: 0, nextCursor: null });
  });

  it.each([
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
  ])('when the query is %j, then 400 naming %s', async (query, field) => {
    const res = await ctx.list(ctx.session(), query);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field, message: expect.any(String) })]);
  });
});

describe('POST /api/notifications/read', () => {
  it('when I mark some read, then those are read and the unread count drops; reading one again keeps when it was first read', async () => {
    const { cookie } = await buyerWithThreeNotices();
    const [newest, middle] = (await ctx.list(cookie)).body.notifications as { id: string }[];

    const res = await ctx.markRead(cookie, { ids: [newest!.id] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unreadCount: 2 });
    const readAt = (await ctx.list(cookie)).body.notifications[0].readAt;
    expect(readAt).toEqual(expect.any(String));

    expect((await ctx.markRead(cookie, { ids: [newest!.id, middle!.id] })).body).toEqual({ unreadCount: 1 });
    const after = (await ctx.list(cookie)).body.notifications;
    expect(after[0].readAt).toBe(readAt);
    expect(after[1].readAt).toEqual(expect.any(String));
    expect(after[2].readAt).toBeNull();
  });

  it('when I mark all read, then none is unread', async () => {
    const { cookie } = await buyerWithThreeNotices();

    expect((await ctx.markRead(cookie, { all: true })).body).toEqual({ unreadCount: 0 });
    expect((await ctx.list(cookie)).body.notifications.every((notice: { readAt: string | null }) => notice.readAt !== null)).toBe(true);
  });

  it("when I name another user's notices, or mark all, then theirs stay unread and the answer tells nothing of them", async () => {
    const owner = await buyerWithThreeNotices();
    const theirIds = (await ctx.list(owner.cookie)).body.notifications.map((notice: { id: string }) => notice.id);
    const intruder = ctx.session();

    expect((await ctx.markRead(intruder, { ids: theirIds })).body).toEqual({ unreadCount: 0 });
    expect((await ctx.markRead(intruder, { all: true })).body).toEqual({ unreadCount: 0 });

    expect((await ctx.list(owner.cookie)).body.unreadCount).toBe(3);
  });

  it('when not signed in, then 401 and nothing changes', async () => {
    const owner = await buyerWithThreeNotices();
    expect((await ctx.markRead(undefined, { all: true })).status).toBe(401);
    expect((await ctx.list(owner.cookie)).body.unreadCount).toBe(3);
  });

  it.each([
    ['nothing', {}, 'ids'],
    ['both ids and all', { ids: [], all: true }, 'ids'],
    ['no ids', { ids: [] }, 'ids'],
    ['ids that are not a list', { ids: 'all' }, 'ids'],
    ['an id that is not one', { ids: ['not-an-id'] }, 'ids[0]'],
    ['101 ids', { ids: Array.from({ length: 101 }, () => randomUUID()) }, 'ids'],
    ['all: false', { all: false }, 'all'],
    ['all: "yes"', { all: 'yes' }, 'all'],
  ])('when the body has %s, then 400 naming the field, and nothing is marked', async (_case, body, field) => {
    const owner = await buyerWithThreeNotices();

    const res = await ctx.markRead(owner.cookie, body);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field, message: expect.any(String) })]);
    expect((await ctx.list(owner.cookie)).body.unreadCount).toBe(3);
  });
});
