import { describe, expect, it } from '@jest/globals';
import { reshapeEvent, reshapeNoticePage, reshapeOrder, reshapePaymentSetup, reshapeTicket } from '../lib/api/reshape';
import type { WireEvent, WireNotice, WireOrder, WireTicket } from '../lib/api/wire';

const wireTicket: WireTicket = {
  id: 't1',
  title: 'Stadium tour',
  price: 75.5,
  userId: 'u1',
  version: 3,
  orderId: null,
  status: 'listed',
  createdAt: '2026-01-02T03:04:05.000Z',
  eventId: 'e1',
  faceValue: 70,
  section: '101',
  row: 'C',
  seat: '12',
  currency: 'EUR',
  listingLimits: { minPrice: 0.45, maxPrice: 77, capPercent: 10 },
  checkedInAt: null,
};

const wireEvent: WireEvent = {
  id: 'e1',
  version: 2,
  organiserId: 'u9',
  name: 'Stadium tour',
  venue: 'Olympiastadion',
  city: 'Berlin',
  startsAt: '2027-06-12T17:30:00.000Z',
  timeZone: 'Europe/Berlin',
  category: 'concert',
  listedCount: 4,
  lowestPrice: 70,
  currency: 'EUR',
};

const wireOrder = (status: WireOrder['status'], cancelRequested = false): WireOrder => ({
  id: 'o1',
  status,
  userId: 'u2',
  price: 70,
  fee: 7,
  total: 77,
  expiresAt: '2026-01-02T03:19:05.000Z',
  version: 0,
  createdAt: '2026-01-02T03:04:05.000Z',
  cancelRequested,
  cancelReason: null,
  currency: 'EUR',
  ticket: { id: 't1', title: 'Stadium tour', price: 75.5 },
});

const wireNotice: WireNotice = {
  id: 'n1',
  kind: 'order-held',
  title: 'Held for you until 7:45 PM GMT+1 (Berlin time)',
  body: 'Section 101, row C, seat 12, Stadium tour at Olympiastadion, Berlin. Pay €77.00 before then.',
  link: '/orders/o1',
  createdAt: '2026-01-02T03:04:05.000Z',
  readAt: null,
};

const euros = (cents: number) => ({ cents, currency: 'EUR' });

describe('reshaping the API into the app types', () => {
  it('when a ticket arrives, then its money is cents in its currency, its holder and seat named, its date a Date', () => {
    expect(reshapeTicket(wireTicket)).toEqual({
      id: 't1',
      title: 'Stadium tour',
      price: euros(7550),
      holderId: 'u1',
      status: 'listed',
      orderId: null,
      listedAt: new Date('2026-01-02T03:04:05.000Z'),
      eventId: 'e1',
      faceValue: euros(7000),
      place: { section: '101', row: 'C', seat: '12' },
      listingLimits: { min: euros(45), max: euros(7700), capPercent: 10 },
      checkedInAt: null,
      quote: null,
    });
  });

  it('when a ticket predates events, then it has no face value and no listing limits', () => {
    const ticket = reshapeTicket({ ...wireTicket, eventId: null, faceValue: null, section: null, row: null, seat: null, listingLimits: null, status: 'not-listed' });
    expect(ticket).toMatchObject({ eventId: null, faceValue: null, listingLimits: null, place: { section: null, row: null, seat: null } });
  });

  it('when one ticket arrives with what buying it costs, then the fee and total are cents too', () => {
    expect(reshapeTicket({ ...wireTicket, fee: 7.55, total: 83.05 }).quote).toEqual({ fee: euros(755), total: euros(8305) });
  });

  it('when an event arrives, then its start is a Date and its lowest price money, or null with nothing listed', () => {
    expect(reshapeEvent(wireEvent)).toMatchObject({ startsAt: new Date('2027-06-12T17:30:00.000Z'), timeZone: 'Europe/Berlin', lowestPrice: euros(7000), listedCount: 4 });
    expect(reshapeEvent({ ...wireEvent, listedCount: 0, lowestPrice: null }).lowestPrice).toBeNull();
  });

  it('when an order is created, then to the buyer it is awaiting payment, or cancelling once they gave it up', () => {
    expect(reshapeOrder(wireOrder('created')).status).toBe('awaiting-payment');
    expect(reshapeOrder(wireOrder('created', true)).status).toBe('cancelling');
    expect(reshapeOrder(wireOrder('complete')).status).toBe('complete');
    expect(reshapeOrder(wireOrder('cancelled')).status).toBe('cancelled');
    expect(reshapeOrder(wireOrder('created')).expiresAt).toEqual(new Date('2026-01-02T03:19:05.000Z'));
  });

  it('when the ticket was re-priced after the order, then the order shows the figures it was placed at, in its currency', () => {
    const order = reshapeOrder(wireOrder('created'));
    expect([order.price, order.fee, order.total]).toEqual([euros(7000), euros(700), euros(7700)]);
  });

  it('when payments run on Stripe without a publishable key, then no card form can be offered', () => {
    expect(reshapePaymentSetup({ mode: 'sandbox', publishableKey: null })).toEqual({ mode: 'sandbox' });
    expect(reshapePaymentSetup({ mode: 'stripe', publishableKey: 'pk_test_1' })).toEqual({ mode: 'stripe', publishableKey: 'pk_test_1' });
    expect(reshapePaymentSetup({ mode: 'stripe', publishableKey: null })).toEqual({ mode: 'unavailable' });
  });

  it('when a page of notices arrives, then their times are Dates, with the unread count and the cursor kept', () => {
    const page = reshapeNoticePage({ notifications: [wireNotice, { ...wireNotice, id: 'n2', readAt: '2026-01-02T04:00:00.000Z' }], unreadCount: 3, nextCursor: 'c2' });
    expect(page).toEqual({
      notices: [
        { id: 'n1', kind: 'order-held', title: wireNotice.title, body: wireNotice.body, link: '/orders/o1', createdAt: new Date('2026-01-02T03:04:05.000Z'), readAt: null },
        expect.objectContaining({ id: 'n2', readAt: new Date('2026-01-02T04:00:00.000Z') }),
      ],
      unreadCount: 3,
      nextCursor: 'c2',
    });
  });

  it('when a notice is of a kind this app does not know yet, then it still shows, with no kind', () => {
    const [notice] = reshapeNoticePage({ notifications: [{ ...wireNotice, kind: 'event-moved' }], unreadCount: 1, nextCursor: null }).notices;
    expect(notice).toMatchObject({ id: 'n1', kind: null, title: wireNotice.title });
  });

  it('when a notice points off this site, then it has no link to follow', () => {
    for (const link of ['https://evil.example/orders', '//evil.example', 'javascript:alert(1)']) {
      expect(reshapeNoticePage({ notifications: [{ ...wireNotice, link }], unreadCount: 1, nextCursor: null }).notices[0]?.link).toBeNull();
    }
  });
});
