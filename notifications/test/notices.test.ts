import { randomUUID } from 'node:crypto';
import { RetryLaterError } from '@ticketing/common';
import { metricValue } from '@ticketing/common/testing';
import { renderNotice } from '../src/domain/notice';
import { startNotificationsContext, type NotificationsTestContext } from './notifications-test-app';

let ctx: NotificationsTestContext;
beforeAll(async () => {
  ctx = await startNotificationsContext();
});
afterAll(() => ctx.close());

const noticesCounted = (kind?: string) => metricValue(ctx.metrics.registry, 'notifications_notices_total', kind ? { kind } : {});
const rendered = async (recipientId: string) => (await ctx.noticesOf(recipientId)).map((notice) => ({ kind: notice.kind, ...renderNotice(notice.kind, notice.facts) }));

describe('what each event tells whom', () => {
  it('when an order is placed, then its buyer is told the ticket is held until when, for the event, the seat and the amounts', async () => {
    const { buyerId, sellerId, order } = await ctx.seedSale({ expiresAt: new Date('2027-03-01T19:45:00.000Z') });

    expect(await rendered(buyerId)).toEqual([
      {
        kind: 'order-held',
        title: 'Held for you until 8:45 PM GMT+1 (Berlin time)',
        body: 'Section A, row 12, seat 7, Berlin Philharmonic at Philharmonie, Berlin, Sun, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time). Pay $55.00 ($50.00 plus a $5.00 service fee) before then, or the ticket goes back on sale.',
        link: `/orders/${order.id}`,
      },
    ]);
    expect(await ctx.noticesOf(sellerId)).toEqual([]);
  });

  it('when an order is paid, then the buyer is told it is theirs with a link to My tickets, and the seller that it sold, each naming the event, seat and amount', async () => {
    const { buyerId, sellerId, order } = await ctx.seedSale();
    const before = { all: await noticesCounted(), paid: await noticesCounted('order-paid'), sold: await noticesCounted('ticket-sold') };

    await ctx.deliver('order.completed', { id: order.id, version: 1, ticket: { id: order.ticket.id } });

    expect({ all: await noticesCounted(), paid: await noticesCounted('order-paid'), sold: await noticesCounted('ticket-sold') }).toEqual({
      all: before.all + 2,
      paid: before.paid + 1,
      sold: before.sold + 1,
    });

    const buyer = await rendered(buyerId);
    expect(buyer.map((notice) => notice.kind).sort()).toEqual(['order-held', 'order-paid']);
    expect(buyer.find((notice) => notice.kind === 'order-paid')).toEqual({
      kind: 'order-paid',
      title: "It's yours: Berlin Philharmonic",
      body: 'Section A, row 12, seat 7, Berlin Philharmonic at Philharmonie, Berlin, Sun, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time). You paid $55.00. Your ticket and its entry code are in My tickets.',
      link: '/tickets/mine',
    });
    expect(await rendered(sellerId)).toEqual([
      {
        kind: 'ticket-sold',
        title: 'Sold: Berlin Philharmonic',
        body: 'Section A, row 12, seat 7, Berlin Philharmonic at Philharmonie, Berlin, Sun, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time), sold for $50.00. Your proceeds are paid out to your payout account.',
        link: '/payouts',
      },
    ]);
  });

  it.each([
    ['expired', 'order-expired', 'Your hold ended: Berlin Philharmonic', 'The order for $55.00 was not paid in time'],
    ['cancelled', 'order-cancelled', 'Order cancelled: Berlin Philharmonic', 'You cancelled the order for $55.00'],
  ] as const)('when an order ends unpaid (%s), then the buyer is told so, and the seller nothing', async (reason, kind, title, words) => {
    const { buyerId, sellerId, order } = await ctx.seedSale();

    await ctx.deliver('order.cancelled', { id: order.id, version: 1, ticket: { id: order.ticket.id }, reason });

    const notice = (await rendered(buyerId)).find((candidate) => candidate.kind === kind);
    expect(notice).toEqual({ kind, title, body: expect.stringContaining(words), link: `/orders/${order.id}` });
    expect(notice!.body).toContain('Section A, row 12, seat 7, Berlin Philharmonic');
    expect(await ctx.noticesOf(sellerId)).toEqual([]);
  });

  it('when a payout is sent, then its seller is told the amount, for which seat of which event', async () => {
    const { sellerId, order } = await ctx.seedSale();

    await ctx.deliver('payout.sent', { id: randomUUID(), orderId: order.id, sellerId, amount: 4750, currency: 'usd', transferId: 'tr_test_1' });

    expect(await rendered(sellerId)).toEqual([
      {
        kind: 'payout-sent',
        title: 'Paid out: Berlin Philharmonic',
        body: '$47.50 for Section A, row 12, seat 7, Berlin Philharmonic at Philharmonie, Berlin, Sun, Mar 14, 2027, 7:30 PM GMT+1 (Berlin time), sold for $50.00, is on its way to your payout account.',
        link: '/payouts',
      },
    ]);
  });

  it('when a ticket is general admission, then its notices say so', async () => {
    const { buyerId, event } = await ctx.seedSale();
    const ticketId = randomUUID();
    await ctx.deliver('ticket.created', { id: ticketId, version: 0, title: event.name, price: 2000, userId: randomUUID(), eventId: event.id, section: null, row: null, seat: null });
    await ctx.deliver('order.created', {
      id: randomUUID(),
      version: 0,
      status: 'created',
      userId: buyerId,
      expiresAt: new Date().toISOString(),
      ticket: { id: ticketId, price: 2000, eventId: event.id },
      fee: 200,
      total: 2200,
      sellerId: randomUUID(),
    });

    const bodies = (await rendered(buyerId)).map((notice) => notice.body);
    expect(bodies).toContainEqual(expect.stringMatching(/^General admission, Berlin Philharmonic .* Pay \$22\.00 \(\$20\.00 plus a \$2\.00 service fee\)/));
  });

  it('when an event is renamed after a notice, then that notice keeps the name it was written with and later ones use the new one', async () => {
    const { buyerId, event, order } = await ctx.seedSale();

    await ctx.deliver('event.updated', { ...event, version: 1, name: 'Philharmonic Gala' });
    await ctx.deliver('order.completed', { id: order.id, version: 1, ticket: { id: order.ticket.id } });

    const titles = (await rendered(buyerId)).map((notice) => notice.title);
    expect(titles).toContain("It's yours: Philharmonic Gala");
    expect((await rendered(buyerId)).find((notice) => notice.kind === 'order-held')!.body).toContain('Berlin Philharmonic at Philharmonie');
  });
});

describe('once per event and recipient', () => {
  it('when the same event is delivered again, then nobody gets a second notice or e-mail, and no notice is counted twice', async () => {
    const { buyerId, sellerId, order } = await ctx.seedSale();
    const completed = { id: order.id, version: 1, ticket: { id: order.ticket.id } };
    const first = await ctx.deliver('order.completed', completed);
    const countedBefore = await noticesCounted();

    await ctx.deliver('order.completed', completed, { id: first.id });
    await ctx.deliver('order.completed', completed, { id: first.id });

    expect(await noticesCounted()).toBe(countedBefore);

    const buyerNotices = await ctx.noticesOf(buyerId);
    expect(buyerNotices.filter((notice) => notice.kind === 'order-paid')).toHaveLength(1);
    expect(await ctx.noticesOf(sellerId)).toHaveLength(1);
    const emailed = await Promise.all(buyerNotices.map((notice) => ctx.emailOf(notice.id)));
    expect(emailed.filter(Boolean)).toHaveLength(buyerNotices.length);
  });

  it('when mail is off, then notices are recorded without any e-mail', async () => {
    const quiet = ctx.deps({ mail: false });
    const { buyerId } = await ctx.seedSale({ deps: quiet });

    const [notice] = await ctx.noticesOf(buyerId);
    expect(notice).toBeDefined();
    expect(await ctx.emailOf(notice!.id)).toBeUndefined();
  });
});

describe('events that arrive before what they need', () => {
  it('when an order is paid before its placing has arrived, then the event waits, and is told once the order arrives', async () => {
    const { sellerId, buyerId, ticketId, event } = await ctx.seedSale();
    const orderId = randomUUID();
    const completed = { id: orderId, version: 1, ticket: { id: ticketId } };

    await expect(ctx.deliver('order.completed', completed, { id: 'completed-early' })).rejects.toBeInstanceOf(RetryLaterError);

    await ctx.deliver('order.created', {
      id: orderId,
      version: 0,
      status: 'created',
      userId: buyerId,
      expiresAt: new Date().toISOString(),
      ticket: { id: ticketId, price: 5000, eventId: event.id },
      fee: 500,
      total: 5500,
      sellerId,
    });
    await ctx.deliver('order.completed', completed, { id: 'completed-early' });
    expect((await ctx.noticesOf(buyerId)).filter((notice) => notice.kind === 'order-paid')).toHaveLength(1);
  });

  it('when an order arrives before its ticket or its event, then it waits and leaves nothing behind', async () => {
    const buyerId = randomUUID();
    const ticketId = randomUUID();
    const eventId = randomUUID();
    const order = {
      id: randomUUID(),
      version: 0,
      status: 'created' as const,
      userId: buyerId,
      expiresAt: new Date().toISOString(),
      ticket: { id: ticketId, price: 1000, eventId },
      fee: 100,
      total: 1100,
      sellerId: randomUUID(),
    };
    const heldBefore = await noticesCounted('order-held');

    await expect(ctx.deliver('order.created', order)).rejects.toBeInstanceOf(RetryLaterError);
    await ctx.deliver('ticket.created', { id: ticketId, version: 0, title: 'Gig', price: 1000, userId: order.sellerId, eventId, section: null, row: null, seat: '3' });
    await expect(ctx.deliver('order.created', order)).rejects.toBeInstanceOf(RetryLaterError);
    await expect(ctx.deliver('order.completed', { id: order.id, version: 1, ticket: { id: ticketId } })).rejects.toBeInstanceOf(RetryLaterError);
    expect(await ctx.noticesOf(buyerId)).toEqual([]);
    expect(await noticesCounted('order-held')).toBe(heldBefore);

    await ctx.deliver('event.created', { id: eventId, version: 0, organiserId: order.sellerId, name: 'Gig', venue: 'Club', city: 'Oslo', startsAt: '2027-01-01T20:00:00.000Z', timeZone: 'Europe/Oslo', category: 'concert' });
    await ctx.deliver('order.created', order);
    expect((await ctx.noticesOf(buyerId)).map((notice) => notice.kind)).toEqual(['order-held']);
    expect(await noticesCounted('order-held')).toBe(heldBefore + 1);
  });

  it('when an event update arrives before the version it follows, then it waits; an old version is ignored', async () => {
    const { event, buyerId } = await ctx.seedSale();

    await expect(ctx.deliver('event.updated', { ...event, version: 2, name: 'Too new' })).rejects.toBeInstanceOf(RetryLaterError);
    await ctx.deliver('event.updated', { ...event, version: 1, name: 'Renamed' });
    await ctx.deliver('event.updated', { ...event, version: 1, name: 'Stale replay' });
    await ctx.deliver('event.updated', { ...event, version: 2, name: 'Too new' });
    await ctx.deliver('event.created', event);

    const ticketId = randomUUID();
    await ctx.deliver('ticket.created', { id: ticketId, version: 0, title: 'x', price: 1000, userId: randomUUID(), eventId: event.id, seat: '1' });
    await ctx.deliver('order.created', { id: randomUUID(), version: 0, status: 'created', userId: buyerId, expiresAt: new Date().toISOString(), ticket: { id: ticketId, price: 1000 }, fee: 0, total: 1000 });
    expect((await rendered(buyerId)).map((notice) => notice.body)).toContainEqual(expect.stringContaining('Seat 1, Too new at Philharmonie'));
  });
});
