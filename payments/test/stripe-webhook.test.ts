import { randomUUID } from 'node:crypto';
import { metricValue } from '@ticketing/common/testing';
import { StripeGateway } from '../src/gateway/stripe-gateway';
import { startStripeTestContext, type StripeTestContext } from './payments-test-app';

let ctx: StripeTestContext;
beforeAll(async () => {
  ctx = await startStripeTestContext();
});
afterEach(() => {
  expect(ctx.stripe.violations).toEqual([]);
});
afterAll(() => ctx.close());

/** An order whose payment waits for the buyer to finish 3-D Secure in the browser. */
async function orderAwaitingAuthentication(order: { expiresAt?: string } = {}) {
  const buyer = ctx.session();
  const { id: orderId } = await ctx.seedOrder({ userId: buyer.userId, price: 3500, ...order });
  const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_authenticationRequired' });
  if (res.status !== 202) throw new Error(`payment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { buyer, orderId, intentId: res.body.stripeId as string };
}

/** Stripe telling the service, with a valid signature, where the intent stands now. */
function notify(type: string, intentId: string, app = ctx.app) {
  const payload = ctx.stripe.webhookPayload(type, intentId);
  return ctx.webhook(payload, ctx.sign(payload), app);
}

const counted = (name: string, labels?: Record<string, string>) => metricValue(ctx.metrics.registry, name, labels);

const refundRequestsFor = (orderId: string) => ctx.stripe.requestsFor(orderId).filter((request) => request.path === '/v1/refunds');

describe('POST /api/payments/webhook: payment_intent.succeeded', () => {
  it('when 3-D Secure was completed, then the payment succeeds, payment.succeeded is recorded, and the success is counted', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.completeAuthentication(intentId);
    const before = { all: await counted('payments_total'), succeeded: await counted('payments_total', { outcome: 'succeeded' }) };

    const res = await notify('payment_intent.succeeded', intentId);

    expect(res.status).toBe(200);
    expect(await counted('payments_total', { outcome: 'succeeded' })).toBe(before.succeeded + 1);
    expect(await counted('payments_total')).toBe(before.all + 1);
    expect(res.body).toEqual({ received: true });
    const payment = await ctx.paymentOf(orderId);
    expect(payment).toMatchObject({ stripeId: intentId, status: 'succeeded', amountCents: 3850 });
    const events = await ctx.paymentEvents(orderId);
    expect(events.map((event) => event.data)).toEqual([{ id: payment!.id, orderId, stripeId: intentId, amount: 3850 }]);
  });

  it('when Stripe delivers the same success twice, then the second changes nothing', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.completeAuthentication(intentId);
    const payload = ctx.stripe.webhookPayload('payment_intent.succeeded', intentId);
    await ctx.webhook(payload, ctx.sign(payload));
    const countedBefore = await counted('payments_total');

    const res = await ctx.webhook(payload, ctx.sign(payload));

    expect(res.status).toBe(200);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'succeeded' });
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
    expect(await counted('payments_total')).toBe(countedBefore);
  });

  it('when the order closed before the charge succeeded, then the charge is refunded and recorded, and no payment.succeeded: counted a success and a refund', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    // Cancelling could not reach Stripe, so the intent stayed open and the buyer finished 3-D Secure.
    ctx.stripe.setOutage(true);
    await ctx.closeOrder(orderId, 'cancelled');
    ctx.stripe.setOutage(false);
    ctx.stripe.completeAuthentication(intentId);
    const before = { succeeded: await counted('payments_total', { outcome: 'succeeded' }), refunds: await counted('refunds_total') };

    const res = await notify('payment_intent.succeeded', intentId);

    expect(res.status).toBe(200);
    expect({ succeeded: await counted('payments_total', { outcome: 'succeeded' }), refunds: await counted('refunds_total') }).toEqual({
      succeeded: before.succeeded + 1,
      refunds: before.refunds + 1,
    });
    expect(refundRequestsFor(orderId)).toEqual([
      { method: 'POST', path: '/v1/refunds', idempotencyKey: `refund:${orderId}`, params: { payment_intent: intentId }, replayed: false },
    ]);
    const [stripeRefund] = ctx.stripe.refunds.filter((refund) => refund.intentId === intentId);
    expect(stripeRefund).toMatchObject({ amount: 3850 });
    const payment = await ctx.paymentOf(orderId);
    expect(payment).toMatchObject({ status: 'refunded', workDueAt: null });
    expect(await ctx.refundsOf(orderId)).toEqual([
      { id: expect.any(String), paymentId: payment!.id, stripeRefundId: stripeRefund!.id, amountCents: 3850, reason: 'order_cancelled', createdAt: expect.any(Date) },
    ]);
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
  });

  it('when the success for a closed order arrives again, then nothing is refunded twice', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.setOutage(true);
    await ctx.closeOrder(orderId, 'cancelled');
    ctx.stripe.setOutage(false);
    ctx.stripe.completeAuthentication(intentId);
    await notify('payment_intent.succeeded', intentId);
    const before = { charges: await counted('payments_total'), refunds: await counted('refunds_total') };

    const res = await notify('payment_intent.succeeded', intentId);

    expect(res.status).toBe(200);
    expect(refundRequestsFor(orderId)).toHaveLength(1);
    expect(await ctx.refundsOf(orderId)).toHaveLength(1);
    expect({ charges: await counted('payments_total'), refunds: await counted('refunds_total') }).toEqual(before);
  });

  it('when 3-D Secure succeeds after the hold ran out but inside the authentication timeout, then the order is paid: the charge started in time', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication({ expiresAt: '2030-01-01T12:15:00.000Z' });
    ctx.stripe.completeAuthentication(intentId);
    const afterTheHold = ctx.buildApp({ now: () => new Date('2030-01-01T12:16:00.000Z') });

    const res = await notify('payment_intent.succeeded', intentId, afterTheHold);

    expect(res.status).toBe(200);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'succeeded' });
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
    expect(refundRequestsFor(orderId)).toEqual([]);
  });

  it('when Stripe charged but the answer was lost, then the webhook records the payment of the attempt under way', async () => {
    const buyer = ctx.session();
    const order = await ctx.seedOrder({ userId: buyer.userId, price: 1250 });
    const losing = ctx.buildApp({
      gateway: {
        mode: ctx.gateway.mode,
        publishableKey: ctx.gateway.publishableKey,
        ensureIntent: (o, key) => ctx.gateway.ensureIntent(o, key),
        async confirm(intentId, paymentMethodId, key) {
          await ctx.gateway.confirm(intentId, paymentMethodId, key);
          throw new Error('the process died before recording the answer');
        },
        cancelIntent: (intentId, key) => ctx.gateway.cancelIntent(intentId, key),
        refund: (intentId, key) => ctx.gateway.refund(intentId, key),
        parseWebhook: (rawBody, signature) => ctx.gateway.parseWebhook(rawBody, signature),
      },
    });
    await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' }, losing);
    expect(await ctx.paymentOf(order.id)).toMatchObject({ status: 'confirming', stripeId: null });
    const intentId = ctx.stripe.intentOf(order.id)!.id;

    const res = await notify('payment_intent.succeeded', intentId);

    expect(res.status).toBe(200);
    const payment = await ctx.paymentOf(order.id);
    expect(payment).toMatchObject({ stripeId: intentId, status: 'succeeded', amountCents: 1375, currency: 'usd', workDueAt: null });
    expect((await ctx.paymentEvents(order.id)).map((event) => event.data)).toEqual([{ id: payment!.id, orderId: order.id, stripeId: intentId, amount: 1375 }]);
  });

  it('when the intent belongs to an order this service does not know, then it is acknowledged and nothing is recorded', async () => {
    const orderId = randomUUID();
    const intent = await ctx.gateway.ensureIntent({ id: orderId, userId: randomUUID(), totalCents: 900 }, `pi:${orderId}`);
    await ctx.gateway.confirm(intent.id, 'pm_card_visa', `confirm:${orderId}:pm_card_visa`);

    const res = await notify('payment_intent.succeeded', intent.id);

    expect(res.status).toBe(200);
    expect(await ctx.paymentOf(orderId)).toBeUndefined();
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
  });
});

describe('POST /api/payments/webhook: other events', () => {
  it('when 3-D Secure failed, then the payment waits for another card, counted failed, and another card pays', async () => {
    const { buyer, orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.failAuthentication(intentId);
    const failedBefore = await counted('payments_total', { outcome: 'failed' });

    const res = await notify('payment_intent.payment_failed', intentId);

    expect(res.status).toBe(200);
    expect(await counted('payments_total', { outcome: 'failed' })).toBe(failedBefore + 1);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_payment_method' });
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
    const retried = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
    expect(retried.status).toBe(201);
  });

  it('when a failure arrives after the payment succeeded, then the payment stays succeeded', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    const failedPayload = ctx.stripe.webhookPayload('payment_intent.payment_failed', intentId);
    ctx.stripe.completeAuthentication(intentId);
    await notify('payment_intent.succeeded', intentId);

    const res = await ctx.webhook(failedPayload, ctx.sign(failedPayload));

    expect(res.status).toBe(200);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'succeeded' });
  });

  it('when the event is of another type, then it is acknowledged and changes nothing', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.completeAuthentication(intentId);

    const res = await notify('payment_intent.processing', intentId);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_action' });
  });
});

describe('POST /api/payments/webhook: signatures', () => {
  it.each([
    ['signed with another secret', (payload: string) => ({ body: payload, signature: ctx.sign(payload, 'whsec_someoneelse') })],
    ['without a signature', (payload: string) => ({ body: payload, signature: undefined })],
    ['with a signature that is not one', (payload: string) => ({ body: payload, signature: 'not-a-signature' })],
    [
      'changed after it was signed',
      (payload: string) => ({ body: payload.replace('"livemode":false', '"livemode":true'), signature: ctx.sign(payload) }),
    ],
  ])('when the webhook is %s, then it answers 400 and nothing changes', async (_case, forge) => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.completeAuthentication(intentId);
    const { body, signature } = forge(ctx.stripe.webhookPayload('payment_intent.succeeded', intentId));
    const eventsBefore = (await ctx.outboxEvents()).length;

    const res = await ctx.webhook(body, signature);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: expect.stringMatching(/signature/i) }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_action' });
    expect(await ctx.outboxEvents()).toHaveLength(eventsBefore);
    expect(refundRequestsFor(orderId)).toEqual([]);
  });

  it('when no webhook signing secret is configured, then every webhook answers 400 and nothing changes', async () => {
    const { orderId, intentId } = await orderAwaitingAuthentication();
    ctx.stripe.completeAuthentication(intentId);
    const withoutSecret = new StripeGateway({ secretKey: ctx.stripe.secretKey, currency: 'usd', host: '127.0.0.1', port: ctx.stripe.port, protocol: 'http', logger: ctx.logger });

    const res = await notify('payment_intent.succeeded', intentId, ctx.buildApp({ gateway: withoutSecret }));

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Webhook signing secret is not configured' }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_action' });
  });
});
