import { describe, expect, it } from '@jest/globals';
import { reshapeOrder, reshapePaymentSetup, reshapeTicket } from '../lib/api/reshape';
import type { WireOrder, WireTicket } from '../lib/api/wire';

const wireTicket: WireTicket = {
  id: 't1',
  title: 'Stadium tour',
  price: 75.5,
  userId: 'u1',
  version: 3,
  orderId: null,
  status: 'on-sale',
  createdAt: '2026-01-02T03:04:05.000Z',
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
  ticket: { id: 't1', title: 'Stadium tour', price: 75.5 },
});

describe('reshaping the API into the app types', () => {
  it('when a ticket arrives, then its price is cents, its seller named, its date a Date', () => {
    expect(reshapeTicket(wireTicket)).toEqual({
      id: 't1',
      title: 'Stadium tour',
      price: { cents: 7550 },
      sellerId: 'u1',
      status: 'on-sale',
      orderId: null,
      listedAt: new Date('2026-01-02T03:04:05.000Z'),
      quote: null,
    });
  });

  it('when one ticket arrives with what buying it costs, then the fee and total are cents too', () => {
    expect(reshapeTicket({ ...wireTicket, fee: 7.55, total: 83.05 }).quote).toEqual({ fee: { cents: 755 }, total: { cents: 8305 } });
  });

  it('when an order is created, then to the buyer it is awaiting payment, or cancelling once they gave it up', () => {
    expect(reshapeOrder(wireOrder('created')).status).toBe('awaiting-payment');
    expect(reshapeOrder(wireOrder('created', true)).status).toBe('cancelling');
    expect(reshapeOrder(wireOrder('complete')).status).toBe('complete');
    expect(reshapeOrder(wireOrder('cancelled')).status).toBe('cancelled');
    expect(reshapeOrder(wireOrder('created')).expiresAt).toEqual(new Date('2026-01-02T03:19:05.000Z'));
  });

  it('when the ticket was re-priced after the order, then the order shows the figures it was placed at', () => {
    const order = reshapeOrder(wireOrder('created'));
    expect([order.price, order.fee, order.total]).toEqual([{ cents: 7000 }, { cents: 700 }, { cents: 7700 }]);
  });

  it('when payments run on Stripe without a publishable key, then no card form can be offered', () => {
    expect(reshapePaymentSetup({ mode: 'sandbox', publishableKey: null })).toEqual({ mode: 'sandbox' });
    expect(reshapePaymentSetup({ mode: 'stripe', publishableKey: 'pk_test_1' })).toEqual({ mode: 'stripe', publishableKey: 'pk_test_1' });
    expect(reshapePaymentSetup({ mode: 'stripe', publishableKey: null })).toEqual({ mode: 'unavailable' });
  });
});
