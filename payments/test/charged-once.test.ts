import { metricValue } from '@ticketing/common/testing';
import type { PaymentGateway } from '../src/gateway/payment-gateway';
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
    cancelIntent: (intentId, key) => gateway.cancelIntent(intentId, key),
    refund: (intentId, key) => gateway.refund(intentId, key),
    parseWebhook: (rawBody, signature) => gateway.parseWebhook(rawBody, signature),
  };
}

describe('an order is charged at most once', () => {
  it('when the buyer submits twice at once, then one attempt pays, the other answers 409, and Stripe charges once, counted once', async () => {
    const { buyer, orderId } = await payableOrder();
    const countedBefore = await metricValue(ctx.metrics.registry, 'payments_total');

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
    expect(await metricValue(ctx.metrics.registry, 'payments_total')).toBe(countedBefore + 1);
  });

  it('when the answer to a charge was lost, then a new attempt waits, and the replay of the lost one records and counts the one charge', async () => {
    const { buyer, orderId } = await payableOrder();
    const succeededBefore = await metricValue(ctx.metrics.registry, 'payments_total', { outcome: 'succeeded' });
    const crashed = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, ctx.buildApp({ gateway: losingConfirmations(ctx.gateway) }));
    expect(crashed.status).toBe(500);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'confirming', paymentMethodId: 'pm_card_visa' });

    const again = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_mastercard' });
    const beforeStale = await runDueWork(ctx.deps());
    const replayed = await runDueWork(ctx.deps({ now: () => new Date(Date.now() + ctx.config.PAYMENT_STALE_ATTEMPT_SECONDS * 1000 + 1000) }));

    expect(again.status).toBe(409);
    expect(again.body).toEqual({ errors: [{ message: "This order's payment is still being processed" }] });
    expect([beforeStale, replayed]).toEqual([0, 1]);
    const intentId = ctx.stripe.intentOf(orderId)!.id;
    expect(ctx.stripe.requestsFor(orderId).map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      [`pi:${orderId}`, false],
      [`confirm:${orderId}:pm_card_visa`, false],
      [`pi:${orderId}`, true],
      [`confirm:${orderId}:pm_card_visa`, true],
    ]);
    expect(ctx.stripe.chargesOf(intentId)).toBe(1);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ stripeId: intentId, status: 'succeeded', workDueAt: null });
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
    expect(await metricValue(ctx.metrics.registry, 'payments_total', { outcome: 'succeeded' })).toBe(succeededBefore + 1);
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
