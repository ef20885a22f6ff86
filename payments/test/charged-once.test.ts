import type { PaymentGateway } from '../src/gateway/payment-gateway';
import { startStripeTestContext, type StripeTestContext } from './payments-test-app';

let ctx: StripeTestContext;
beforeAll(async () => {
  ctx = await startStripeTestContext();
});
afterEach(() => {
  expect(ctx.stripe.violations).toEqual([]);
});
afterAll(() => ctx.close());

async function payableOrder() {
  const buyer = ctx.session();
  const order = await ctx.seedOrder({ userId: buyer.userId });
  return { buyer, orderId: order.id };
}

/** The gateway of a replica that crashes after Stripe confirmed, before its transaction commits. */
function losingConfirmations(gateway: PaymentGateway): PaymentGateway {
  return {
    mode: gateway.mode,
    publishableKey: gateway.publishableKey,
    ensureIntent: (order, key) => gateway.ensureIntent(order, key),
    async confirm(intentId, paymentMethodId, key) {
      await gateway.confirm(intentId, paymentMethodId, key);
      throw new Error('connection to the database lost');
    },
    refund: (intentId, key) => gateway.refund(intentId, key),
    parseWebhook: (rawBody, signature) => gateway.parseWebhook(rawBody, signature),
  };
}

describe('an order is charged at most once', () => {
  it('when the buyer submits twice at once, then one attempt pays, the other answers 409, and Stripe charges once', async () => {
    const { buyer, orderId } = await payableOrder();

    const responses = await Promise.all([
      ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }),
      ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }),
    ]);

    expect(responses.map((res) => res.status).sort()).toEqual([201, 409]);
    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(ctx.stripe.requestsFor(orderId).map((r) => r.idempotencyKey)).toEqual([`pi:${orderId}`, `confirm:${orderId}:pm_card_visa`]);
    expect(ctx.stripe.chargesOf(intentId)).toBe(1);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ stripeId: intentId, status: 'succeeded' });
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });

  it('when the answer to a charge was lost and the buyer submits again, then Stripe replays both requests by their keys and charges once', async () => {
    const { buyer, orderId } = await payableOrder();
    const crashed = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, ctx.buildApp({ gateway: losingConfirmations(ctx.gateway) }));
    expect(crashed.status).toBe(500);
    expect(await ctx.paymentOf(orderId)).toBeUndefined();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(201);
    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(ctx.stripe.requestsFor(orderId).map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      [`pi:${orderId}`, false],
      [`confirm:${orderId}:pm_card_visa`, false],
      [`pi:${orderId}`, true],
      [`confirm:${orderId}:pm_card_visa`, true],
    ]);
    expect(ctx.stripe.chargesOf(intentId)).toBe(1);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ stripeId: intentId, status: 'succeeded' });
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });

  it('when the answer to a charge was lost and the buyer tries another card, then the earlier charge is recorded and no second one is made', async () => {
    const { buyer, orderId } = await payableOrder();
    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, ctx.buildApp({ gateway: losingConfirmations(ctx.gateway) }));

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_mastercard' });

    expect(res.status).toBe(201);
    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(res.body).toMatchObject({ stripeId: intentId, status: 'succeeded' });
    expect(ctx.stripe.chargesOf(intentId)).toBe(1);
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });

  it('when the connection drops before Stripe answers the confirmation, then the SDK retries it with the same key and Stripe charges once', async () => {
    const { buyer, orderId } = await payableOrder();
    ctx.stripe.dropResponseOnce((request) => request.idempotencyKey === `confirm:${orderId}:pm_card_visa`);

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(201);
    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(ctx.stripe.requestsFor(orderId).map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      [`pi:${orderId}`, false],
      [`confirm:${orderId}:pm_card_visa`, false],
      [`confirm:${orderId}:pm_card_visa`, true],
    ]);
    expect(ctx.stripe.chargesOf(intentId)).toBe(1);
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
  });
});
