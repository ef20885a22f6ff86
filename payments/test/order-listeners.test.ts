import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { RetryLaterError, type OrderCreatedData } from '@ticketing/common';
import { closeOverdueOrders } from '../src/domain/close-order';
import { runDueWork } from '../src/domain/payment-work';
import { orders } from '../src/db/schema';
import { expirationCompleteHandler } from '../src/events/expiration-complete-handler';
import { orderCancelRequestedHandler } from '../src/events/order-cancel-requested-handler';
import { orderCreatedHandler } from '../src/events/order-created-handler';
import type { ConfirmResult, PaymentGateway } from '../src/gateway/payment-gateway';
import { envelopeOf, startStripeTestContext, type StripeTestContext } from './payments-test-app';

let ctx: StripeTestContext;
beforeAll(async () => {
  ctx = await startStripeTestContext();
});
afterEach(() => {
  expect(ctx.stripe.violations).toEqual([]);
});
afterAll(() => ctx.close());

const copyOf = async (id: string) => (await ctx.database.db.select().from(orders).where(eq(orders.id, id)))[0];
const orderCreated = (data: OrderCreatedData) => orderCreatedHandler(ctx.database.db).handle(data, envelopeOf('order.created', data));
const expired = (orderId: string, now?: () => Date) =>
  expirationCompleteHandler(ctx.deps({ now })).handle({ orderId }, envelopeOf('expiration.complete', { orderId }));
const cancelRequested = (orderId: string) =>
  orderCancelRequestedHandler(ctx.deps()).handle({ id: orderId, version: 1 }, envelopeOf('order.cancel-requested', { id: orderId, version: 1 }));
const cancelRequestsFor = (orderId: string) => ctx.stripe.requestsFor(orderId).filter((request) => request.path.endsWith('/cancel'));
const refundRequestsFor = (orderId: string) => ctx.stripe.requestsFor(orderId).filter((request) => request.path === '/v1/refunds');

/** supertest sends a request only once it is awaited: this sends it now, to be awaited later. */
const sent = (req: PromiseLike<Response>) => Promise.resolve(req);
type Response = Awaited<ReturnType<StripeTestContext['pay']>>;

function createdData(): OrderCreatedData {
  return {
    id: randomUUID(),
    version: 0,
    status: 'created',
    userId: randomUUID(),
    expiresAt: '2030-01-01T12:15:00.000Z',
    ticket: { id: randomUUID(), price: 2500, eventId: randomUUID() },
    fee: 250,
    total: 2750,
    sellerId: randomUUID(),
  };
}

/**
 * A gateway whose confirmations wait until the test lets them go: a charge under way at Stripe
 * while the order's hold runs out, or its buyer cancels.
 */
function heldConfirmations(gateway: PaymentGateway) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const atStripe = new Promise<void>((resolve) => (reached = resolve));
  const held: PaymentGateway = {
    mode: gateway.mode,
    publishableKey: gateway.publishableKey,
    ensureIntent: (order, key) => gateway.ensureIntent(order, key),
    async confirm(intentId, paymentMethodId, key): Promise<ConfirmResult> {
      reached();
      await released;
      return gateway.confirm(intentId, paymentMethodId, key);
    },
    cancelIntent: (intentId, key) => gateway.cancelIntent(intentId, key),
    refund: (intentId, key) => gateway.refund(intentId, key),
    parseWebhook: (rawBody, signature) => gateway.parseWebhook(rawBody, signature),
  };
  return { gateway: held, atStripe, release };
}

async function orderOf(price = 2500, expiresAt?: string) {
  const buyer = ctx.session();
  const order = await ctx.seedOrder({ userId: buyer.userId, price, ...(expiresAt ? { expiresAt } : {}) });
  return { buyer, orderId: order.id };
}

describe('order.created', () => {
  it('when an order is created, then payments holds it open with its buyer, event, price, fee, total, seller and hold; untraced, with no trace', async () => {
    const created = createdData();

    await orderCreated(created);

    expect(await copyOf(created.id)).toEqual({
      id: created.id,
      userId: created.userId,
      ticketId: created.ticket.id,
      eventId: created.ticket.eventId,
      priceCents: 2500,
      feeCents: 250,
      totalCents: 2750,
      sellerId: created.sellerId,
      status: 'open',
      expiresAt: new Date('2030-01-01T12:15:00.000Z'),
      version: 0,
      cancelRequestedAt: null,
      closeReason: null,
      closedAt: null,
      traceContext: null,
    });
  });

  it('when an order.created from before fees arrives, then the order is kept with a fee of 0, its price as total, no seller and no event', async () => {
    const { fee: _fee, total: _total, sellerId: _sellerId, ticket, ...created } = createdData();

    await orderCreated({ ...created, ticket: { id: ticket.id, price: ticket.price } });

    expect(await copyOf(created.id)).toMatchObject({ priceCents: 2500, feeCents: 0, totalCents: 2500, sellerId: null, eventId: null });
  });

  it('when the same order.created arrives again after it closed, then it stays closed', async () => {
    const created = createdData();
    await orderCreated(created);
    await expired(created.id);

    await orderCreated(created);

    expect(await copyOf(created.id)).toMatchObject({ status: 'closed', closeReason: 'expired' });
  });
});

describe('closing an order: expiry and cancellation', () => {
  it('when the hold timer fires for an unpaid order, then it is closed once and payment.closed tells orders why', async () => {
    const { orderId } = await orderOf();

    await expired(orderId);
    await expired(orderId);

    expect(await copyOf(orderId)).toMatchObject({ status: 'closed', closeReason: 'expired', closedAt: expect.any(Date) });
    expect((await ctx.closedEvents(orderId)).map((event) => event.data)).toEqual([{ orderId, reason: 'expired' }]);
  });

  it('when the buyer asks to cancel an unpaid order, then it is closed as cancelled', async () => {
    const { orderId } = await orderOf();

    await cancelRequested(orderId);

    expect(await copyOf(orderId)).toMatchObject({ status: 'closed', closeReason: 'cancelled' });
    expect((await ctx.closedEvents(orderId)).map((event) => event.data)).toEqual([{ orderId, reason: 'cancelled' }]);
  });

  it('when payments does not know the order yet, then the request waits for its order.created', async () => {
    await expect(expired(randomUUID())).rejects.toBeInstanceOf(RetryLaterError);
    await expect(cancelRequested(randomUUID())).rejects.toBeInstanceOf(RetryLaterError);
  });

  it('when the order is paid, then neither expiry nor cancellation closes it', async () => {
    const { buyer, orderId } = await orderOf();
    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    await expired(orderId);
    await cancelRequested(orderId);

    expect(await copyOf(orderId)).toMatchObject({ status: 'paid', closeReason: null });
    expect(await ctx.closedEvents(orderId)).toEqual([]);
    expect(refundRequestsFor(orderId)).toEqual([]);
  });
});

describe('a payment made inside the hold is final', () => {
  it('when the hold runs out while Stripe is charging the card, then the charge completes the order and it is never closed', async () => {
    const { buyer, orderId } = await orderOf();
    const stripe = heldConfirmations(ctx.gateway);
    const paying = sent(ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, ctx.buildApp({ gateway: stripe.gateway })));
    await stripe.atStripe;

    await expired(orderId, () => new Date('2031-01-01T00:00:00.000Z'));
    stripe.release();
    const res = await paying;

    expect(res.status).toBe(201);
    expect(await copyOf(orderId)).toMatchObject({ status: 'paid' });
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
    expect(await ctx.closedEvents(orderId)).toEqual([]);
    expect(refundRequestsFor(orderId)).toEqual([]);
  });

  it('when the hold runs out while Stripe is charging and the card is declined, then the order closes as expired after the answer', async () => {
    const { buyer, orderId } = await orderOf(2500, '2030-01-01T12:15:00.000Z');
    const stripe = heldConfirmations(ctx.gateway);
    const afterTheHold = () => new Date('2030-01-01T12:16:00.000Z');
    let released = false;
    const app = ctx.buildApp({ gateway: stripe.gateway, now: () => (released ? afterTheHold() : new Date('2030-01-01T12:14:00.000Z')) });
    const paying = sent(ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' }, app));
    await stripe.atStripe;
    await expired(orderId, afterTheHold);
    expect(await copyOf(orderId)).toMatchObject({ status: 'open' });

    released = true;
    stripe.release();
    const res = await paying;

    expect(res.status).toBe(402);
    expect(await copyOf(orderId)).toMatchObject({ status: 'closed', closeReason: 'expired' });
    expect((await ctx.closedEvents(orderId)).map((event) => event.data)).toEqual([{ orderId, reason: 'expired' }]);
    // The declined intent could be confirmed again: it is cancelled at Stripe.
    expect(cancelRequestsFor(orderId).map((request) => request.idempotencyKey)).toEqual([`cancel:${orderId}`]);
  });

  it('when the buyer cancels while Stripe is charging, then a charge that goes through stands and the cancellation lapses', async () => {
    const { buyer, orderId } = await orderOf();
    const stripe = heldConfirmations(ctx.gateway);
    const paying = sent(ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, ctx.buildApp({ gateway: stripe.gateway })));
    await stripe.atStripe;

    await cancelRequested(orderId);
    expect(await copyOf(orderId)).toMatchObject({ status: 'open', cancelRequestedAt: expect.any(Date) });
    stripe.release();

    expect((await paying).status).toBe(201);
    expect(await copyOf(orderId)).toMatchObject({ status: 'paid' });
    expect(await ctx.closedEvents(orderId)).toEqual([]);
  });

  it('when the buyer cancels while Stripe is charging and the card is declined, then the order closes as cancelled', async () => {
    const { buyer, orderId } = await orderOf();
    const stripe = heldConfirmations(ctx.gateway);
    const paying = sent(ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' }, ctx.buildApp({ gateway: stripe.gateway })));
    await stripe.atStripe;
    await cancelRequested(orderId);

    stripe.release();

    expect((await paying).status).toBe(402);
    expect(await copyOf(orderId)).toMatchObject({ status: 'closed', closeReason: 'cancelled' });
  });

  it('when a buyer asked to cancel, then a new attempt to pay is refused', async () => {
    const { buyer, orderId } = await orderOf();
    const stripe = heldConfirmations(ctx.gateway);
    const paying = sent(ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' }, ctx.buildApp({ gateway: stripe.gateway })));
    await stripe.atStripe;
    await cancelRequested(orderId);

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
    stripe.release();
    await paying;

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This order is being cancelled' }] });
  });
});

describe('3-D Secure and the hold', () => {
  async function awaitingAuthentication(expiresAt = '2030-01-01T12:15:00.000Z') {
    const { buyer, orderId } = await orderOf(3500, expiresAt);
    const app = ctx.buildApp({ now: () => new Date('2030-01-01T12:10:00.000Z') });
    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_authenticationRequired' }, app);
    if (res.status !== 202) throw new Error(`payment answered ${res.status}`);
    return { orderId, intentId: res.body.stripeId as string };
  }
  const authenticationTimeoutMs = () => ctx.config.PAYMENT_AUTHENTICATION_TIMEOUT_SECONDS * 1000;

  it('when the hold runs out while the buyer is in 3-D Secure, then the order stays held until the authentication timeout', async () => {
    const { orderId } = await awaitingAuthentication();
    const justBefore = new Date(Date.parse('2030-01-01T12:15:00.000Z') + authenticationTimeoutMs() - 1);

    await expired(orderId, () => justBefore);
    await closeOverdueOrders(ctx.deps({ now: () => justBefore }), 0);

    expect(await copyOf(orderId)).toMatchObject({ status: 'open' });
    expect(cancelRequestsFor(orderId)).toEqual([]);
  });

  it('when 3-D Secure outlasts the authentication timeout, then the order is closed and its intent cancelled at Stripe', async () => {
    const { orderId, intentId } = await awaitingAuthentication();
    const after = new Date(Date.parse('2030-01-01T12:15:00.000Z') + authenticationTimeoutMs());

    await closeOverdueOrders(ctx.deps({ now: () => after }), 0);

    expect(await copyOf(orderId)).toMatchObject({ status: 'closed', closeReason: 'expired' });
    expect(cancelRequestsFor(orderId)).toEqual([
      { method: 'POST', path: `/v1/payment_intents/${intentId}/cancel`, idempotencyKey: `cancel:${orderId}`, params: {}, replayed: false },
    ]);
    expect(ctx.stripe.cancellations).toContain(intentId);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'canceled', workDueAt: null });
  });

  it('when the buyer in 3-D Secure cancels, then the intent is cancelled at Stripe at once', async () => {
    const { orderId, intentId } = await awaitingAuthentication();

    await cancelRequested(orderId);

    expect(await copyOf(orderId)).toMatchObject({ status: 'closed', closeReason: 'cancelled' });
    expect(ctx.stripe.cancellations).toContain(intentId);
  });

  it('when the intent was charged before it could be cancelled, then the charge is refunded and the order stays closed', async () => {
    const { orderId, intentId } = await awaitingAuthentication();
    // The buyer finished 3-D Secure; Stripe's webhook has not arrived yet.
    ctx.stripe.completeAuthentication(intentId);

    await cancelRequested(orderId);

    expect(refundRequestsFor(orderId)).toEqual([
      { method: 'POST', path: '/v1/refunds', idempotencyKey: `refund:${orderId}`, params: { payment_intent: intentId }, replayed: false },
    ]);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'refunded' });
    expect(await ctx.refundsOf(orderId)).toEqual([expect.objectContaining({ amountCents: 3850, reason: 'order_cancelled' })]);
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
    expect(await copyOf(orderId)).toMatchObject({ status: 'closed' });
  });

  it('when Stripe is down while the intent must be cancelled, then the work waits and is done once Stripe is back', async () => {
    const { orderId, intentId } = await awaitingAuthentication();
    ctx.stripe.setOutage(true);

    await cancelRequested(orderId);
    ctx.stripe.setOutage(false);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'canceling', workAttempts: 1, workDueAt: expect.any(Date) });
    await runDueWork(ctx.deps({ now: () => new Date(Date.now() + 120_000) }));

    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'canceled', workDueAt: null });
    expect(ctx.stripe.cancellations).toContain(intentId);
  });
});

describe('the overdue sweep', () => {
  it('when an order is past expiresAt plus the grace and its timer never fired, then the sweep closes it; within the grace it waits', async () => {
    const { orderId: overdue } = await orderOf(2500, '2030-01-01T12:00:00.000Z');
    const { orderId: withinGrace } = await orderOf(2500, '2030-01-01T12:00:09.000Z');

    await closeOverdueOrders(ctx.deps({ now: () => new Date('2030-01-01T12:00:10.000Z') }), 3000);

    expect(await copyOf(overdue)).toMatchObject({ status: 'closed', closeReason: 'expired' });
    expect(await copyOf(withinGrace)).toMatchObject({ status: 'open' });
  });

  it('when an overdue order has a charge under way, then the sweep leaves it to the charge', async () => {
    const { buyer, orderId } = await orderOf(2500, '2030-01-01T12:00:00.000Z');
    const stripe = heldConfirmations(ctx.gateway);
    const paying = sent(ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, ctx.buildApp({ gateway: stripe.gateway, now: () => new Date('2030-01-01T11:59:00.000Z') })));
    await stripe.atStripe;

    await closeOverdueOrders(ctx.deps({ now: () => new Date('2030-01-02T00:00:00.000Z') }), 0);
    stripe.release();

    expect((await paying).status).toBe(201);
    expect(await copyOf(orderId)).toMatchObject({ status: 'paid' });
  });
});
