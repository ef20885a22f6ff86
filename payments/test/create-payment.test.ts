import { runDueWork } from '../src/domain/payment-work';
import { startStripeTestContext, type StripeTestContext } from './payments-test-app';

let ctx: StripeTestContext;
beforeAll(async () => {
  ctx = await startStripeTestContext();
});
afterEach(() => {
  expect(ctx.stripe.violations).toEqual([]);
});
afterAll(() => ctx.close());

/** A buyer and an order of theirs in the replica, ready to be paid. */
async function payableOrder(price = 2000) {
  const buyer = ctx.session();
  const order = await ctx.seedOrder({ userId: buyer.userId, price });
  return { buyer, orderId: order.id };
}

describe('POST /api/payments with Stripe', () => {
  it('when the buyer pays with a card that goes through, then it answers 201 with the succeeded payment of the order\'s total', async () => {
    const { buyer, orderId } = await payableOrder(4550);

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(201);
    const intent = ctx.stripe.intentOf(orderId)!;
    expect(res.body).toEqual({
      id: expect.any(String),
      orderId,
      stripeId: intent.id,
      status: 'succeeded',
      amount: 50.05, // 45.50 and its 4.55 fee
      currency: 'usd',
      createdAt: expect.any(String),
    });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ id: res.body.id, stripeId: intent.id, status: 'succeeded', amountCents: 5005, currency: 'usd' });
    expect(ctx.stripe.charges).toContainEqual({ intentId: intent.id, amount: 5005 });
    expect(ctx.stripe.chargesOf(intent.id)).toBe(1);
  });

  it('when the buyer pays, then Stripe is asked for one intent of the total (price and fee) and to confirm it with the card, each with its idempotency key', async () => {
    const { buyer, orderId } = await payableOrder(1999);

    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(ctx.stripe.requestsFor(orderId)).toEqual([
      {
        method: 'POST',
        path: '/v1/payment_intents',
        idempotencyKey: `pi:${orderId}`,
        params: {
          amount: '2199', // 19.99 and its 2.00 fee
          currency: 'usd',
          'metadata[orderId]': orderId,
          'metadata[userId]': buyer.userId,
          'allowed_payment_method_types[0]': 'card',
        },
        replayed: false,
      },
      {
        method: 'POST',
        path: `/v1/payment_intents/${intentId}/confirm`,
        idempotencyKey: `confirm:${orderId}:pm_card_visa`,
        params: { payment_method: 'pm_card_visa' },
        replayed: false,
      },
    ]);
  });

  it('when the payment succeeds, then payment.succeeded is recorded exactly once with the payment, its intent and the amount', async () => {
    const { buyer, orderId } = await payableOrder();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    const events = await ctx.paymentEvents(orderId);
    expect(events).toHaveLength(1);
    // A 20.00 ticket and its 2.00 fee.
    expect(events[0]!.data).toEqual({ id: res.body.id, orderId, stripeId: res.body.stripeId, amount: 2200 });
  });

  it('when the card is declined, then it answers 402 with Stripe\'s message, records no payment.succeeded, and the order stays payable', async () => {
    const { buyer, orderId } = await payableOrder();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' });

    expect(res.status).toBe(402);
    expect(res.body).toEqual({ errors: [{ message: 'Your card was declined.' }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_payment_method' });
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
    expect(ctx.stripe.chargesOf(ctx.stripe.intentOf(orderId)!.id)).toBe(0);
  });

  it('when another card follows a declined one, then it is confirmed on the same intent and the order is paid once', async () => {
    const { buyer, orderId } = await payableOrder();
    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' });

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_mastercard' });

    expect(res.status).toBe(201);
    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(res.body).toMatchObject({ stripeId: intentId, status: 'succeeded' });
    expect(ctx.stripe.requestsFor(orderId).map((r) => [r.path, r.idempotencyKey])).toEqual([
      ['/v1/payment_intents', `pi:${orderId}`],
      [`/v1/payment_intents/${intentId}/confirm`, `confirm:${orderId}:pm_card_chargeDeclined`],
      [`/v1/payment_intents/${intentId}/confirm`, `confirm:${orderId}:pm_card_mastercard`],
    ]);
    expect(ctx.stripe.chargesOf(intentId)).toBe(1);
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });

  it('when the card needs 3-D Secure, then it answers 202 with what the browser needs to finish it', async () => {
    const { buyer, orderId } = await payableOrder();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_authenticationRequired' });

    expect(res.status).toBe(202);
    const intent = ctx.stripe.intentOf(orderId)!;
    expect(res.body).toMatchObject({ orderId, stripeId: intent.id, status: 'requires_action', clientSecret: intent.client_secret, nextAction: intent.next_action });
    expect(res.body.nextAction).toMatchObject({ type: 'use_stripe_sdk' });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_action' });
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
  });

  it('when Stripe does not know the payment method, then it answers 400 on paymentMethodId and nothing is charged', async () => {
    const { buyer, orderId } = await payableOrder();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_doesNotExist' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: "No such PaymentMethod: 'pm_doesNotExist'", field: 'paymentMethodId' }] });
    expect(ctx.stripe.chargesOf(ctx.stripe.intentOf(orderId)!.id)).toBe(0);
  });

  it('when Stripe keeps failing, then it answers 503 with Retry-After, the attempt waits under way, and its replay pays it once Stripe is back', async () => {
    const { buyer, orderId } = await payableOrder();
    ctx.stripe.setOutage(true);

    const failed = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
    const meanwhile = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
    ctx.stripe.setOutage(false);
    const later = new Date(Date.now() + ctx.config.PAYMENT_STALE_ATTEMPT_SECONDS * 1000 + 1000);
    await runDueWork(ctx.deps({ now: () => later }));

    expect(failed.status).toBe(503);
    expect(Number(failed.headers['retry-after'])).toBeGreaterThan(0);
    expect(failed.body).toEqual({ errors: [{ message: 'The payment provider is unavailable; please try again' }] });
    expect(meanwhile.status).toBe(409);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'succeeded', workDueAt: null });
    expect(ctx.stripe.chargesOf(ctx.stripe.intentOf(orderId)!.id)).toBe(1);
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });

  it('when the amount is under what Stripe charges, then Stripe refuses it and the answer is 409, not 500', async () => {
    const { buyer, orderId } = await payableOrder(30);

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: "This order's amount cannot be charged: Amount must be at least $0.50 usd" }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_payment_method' });
  });
});

describe('POST /api/payments refusals', () => {
  it('when nobody is signed in, then it answers 401 and Stripe is not called', async () => {
    const { orderId } = await payableOrder();

    const res = await ctx.pay(undefined, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(401);
    expect(ctx.stripe.requestsFor(orderId)).toEqual([]);
  });

  it.each([
    ['no orderId', { paymentMethodId: 'pm_card_visa' }, 'orderId'],
    ['an orderId that is not a UUID', { orderId: 'order-1', paymentMethodId: 'pm_card_visa' }, 'orderId'],
    ['an orderId that is an object', { orderId: { $ne: null }, paymentMethodId: 'pm_card_visa' }, 'orderId'],
    ['no paymentMethodId', { orderId: '6f1c2a5e-0000-4000-8000-000000000000' }, 'paymentMethodId'],
    ['a paymentMethodId that is a number', { orderId: '6f1c2a5e-0000-4000-8000-000000000000', paymentMethodId: 4242 }, 'paymentMethodId'],
    ['a paymentMethodId that is not a payment method', { orderId: '6f1c2a5e-0000-4000-8000-000000000000', paymentMethodId: 'tok_visa' }, 'paymentMethodId'],
    ['a paymentMethodId that is an array', { orderId: '6f1c2a5e-0000-4000-8000-000000000000', paymentMethodId: ['pm_card_visa'] }, 'paymentMethodId'],
  ])('when the body has %s, then it answers 400 on that field', async (_case, body, field) => {
    const before = ctx.stripe.requests.length;

    const res = await ctx.pay(ctx.session().cookie, body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), field }] });
    expect(ctx.stripe.requests).toHaveLength(before);
  });

  it('when the order is not in the replica, then it answers 404', async () => {
    const res = await ctx.pay(ctx.session().cookie, { orderId: '6f1c2a5e-0000-4000-8000-000000000000', paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ message: 'Order not found' }] });
  });

  it("when someone pays another buyer's order, then it answers 403 and Stripe is not called", async () => {
    const { orderId } = await payableOrder();

    const res = await ctx.pay(ctx.session().cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [{ message: 'You can only pay for your own orders' }] });
    expect(ctx.stripe.requestsFor(orderId)).toEqual([]);
    expect(await ctx.paymentOf(orderId)).toBeUndefined();
  });

  it('when the order was cancelled, then it answers 409 and Stripe is not called', async () => {
    const { buyer, orderId } = await payableOrder();
    await ctx.closeOrder(orderId, 'cancelled');

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This order was cancelled' }] });
    expect(ctx.stripe.requestsFor(orderId)).toEqual([]);
  });

  it('when the hold has run out, then it answers 409 and Stripe is not called', async () => {
    const buyer = ctx.session();
    const order = await ctx.seedOrder({ userId: buyer.userId, expiresAt: '2030-01-01T12:15:00.000Z' });
    const app = ctx.buildApp({ now: () => new Date('2030-01-01T12:15:00.000Z') });

    const res = await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' }, app);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This order has expired' }] });
    expect(ctx.stripe.requestsFor(order.id)).toEqual([]);
  });

  it('when the hold has a moment left, then the payment goes through', async () => {
    const buyer = ctx.session();
    const order = await ctx.seedOrder({ userId: buyer.userId, expiresAt: '2030-01-01T12:15:00.000Z' });
    const app = ctx.buildApp({ now: () => new Date('2030-01-01T12:14:59.999Z') });

    const res = await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' }, app);

    expect(res.status).toBe(201);
  });

  it('when the order is already paid, then it answers 409, Stripe is not called again and nothing more is recorded', async () => {
    const { buyer, orderId } = await payableOrder();
    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
    const before = ctx.stripe.requestsFor(orderId).length;

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_mastercard' });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'This order is already paid' }] });
    expect(ctx.stripe.requestsFor(orderId)).toHaveLength(before);
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });
});
