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

const wireOrder = (status: WireOrder['status']): WireOrder => ({
  id: 'o1',
  status,
  userId: 'u2',
  expiresAt: '2026-01-02T03:19:05.000Z',
  version: 0,
  createdAt: '2026-01-02T03:04:05.000Z',
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
    });
  });

  it('when an order is created or awaiting payment, then to the buyer it is awaiting payment', () => {
    expect(reshapeOrder(wireOrder('created')).status).toBe('awaiting-payment');
    expect(reshapeOrder(wireOrder('awaiting:payment')).status).toBe('awaiting-payment');
    expect(reshapeOrder(wireOrder('complete')).status).toBe('complete');
    expect(reshapeOrder(wireOrder('cancelled')).status).toBe('cancelled');
    expect(reshapeOrder(wireOrder('created')).expiresAt).toEqual(new Date('2026-01-02T03:19:05.000Z'));
  });

  it('when payments run on Stripe without a publishable key, then no card form can be offered', () => {
    expect(reshapePaymentSetup({ mode: 'sandbox', publishableKey: null })).toEqual({ mode: 'sandbox' });
    expect(reshapePaymentSetup({ mode: 'stripe', publishableKey: 'pk_test_1' })).toEqual({ mode: 'stripe', publishableKey: 'pk_test_1' });
    expect(reshapePaymentSetup({ mode: 'stripe', publishableKey: null })).toEqual({ mode: 'unavailable' });
  });
});
