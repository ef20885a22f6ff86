import { metricValue } from '@ticketing/common/testing';
import { SandboxGateway } from '../src/gateway/sandbox-gateway';
import { startSandboxTestContext, type PaymentsTestContext } from './payments-test-app';

let ctx: PaymentsTestContext;
beforeAll(async () => {
  ctx = await startSandboxTestContext();
});
afterAll(() => ctx.close());

/** The payments_total series of each outcome, and their sum. */
async function chargesCounted() {
  const of = (outcome: string) => metricValue(ctx.metrics.registry, 'payments_total', { outcome });
  return { all: await metricValue(ctx.metrics.registry, 'payments_total'), succeeded: await of('succeeded'), declined: await of('declined'), requires_action: await of('requires_action'), failed: await of('failed') };
}

async function payableOrder(price = 2000) {
  const buyer = ctx.session();
  const order = await ctx.seedOrder({ userId: buyer.userId, price });
  return { buyer, orderId: order.id };
}

describe('payments without Stripe keys: the sandbox', () => {
  it('when the buyer pays with pm_card_visa, then it answers 201 with a sandbox intent of the order\'s total and records payment.succeeded once', async () => {
    const { buyer, orderId } = await payableOrder(1500);
    const before = await chargesCounted();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(201);
    expect(await chargesCounted()).toEqual({ ...before, all: before.all + 1, succeeded: before.succeeded + 1 });
    expect(res.body).toMatchObject({ orderId, status: 'succeeded', amount: 16.5, currency: 'usd', stripeId: expect.stringMatching(/^pi_sandbox_/) });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ stripeId: res.body.stripeId, status: 'succeeded', amountCents: 1650 }); // 15.00 and its 1.50 fee
    expect((await ctx.paymentEvents(orderId)).map((event) => event.data)).toEqual([{ id: res.body.id, orderId, stripeId: res.body.stripeId, amount: 1650 }]);
  });

  it("when the buyer pays with pm_card_chargeDeclined, then it answers 402 with Stripe's message and the order stays payable", async () => {
    const { buyer, orderId } = await payableOrder();
    const before = await chargesCounted();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' });

    expect(res.status).toBe(402);
    expect(await chargesCounted()).toEqual({ ...before, all: before.all + 1, declined: before.declined + 1 });
    expect(res.body).toEqual({ errors: [{ message: 'Your card was declined.' }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_payment_method' });
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
  });

  it('when pm_card_visa follows a declined card, then the same intent is paid', async () => {
    const { buyer, orderId } = await payableOrder();
    const declined = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclinedInsufficientFunds' });

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(declined.body).toEqual({ errors: [{ message: 'Your card has insufficient funds.' }] });
    expect(res.status).toBe(201);
    expect(res.body.stripeId).toBe((await ctx.paymentOf(orderId))!.stripeId);
  });

  it('when the buyer pays with pm_card_authenticationRequired, then it answers 202 asking for the action, as Stripe would', async () => {
    const { buyer, orderId } = await payableOrder();
    const before = await chargesCounted();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_authenticationRequired' });

    expect(res.status).toBe(202);
    expect(await chargesCounted()).toEqual({ ...before, all: before.all + 1, requires_action: before.requires_action + 1 });
    expect(res.body).toMatchObject({
      orderId,
      status: 'requires_action',
      clientSecret: expect.stringMatching(/^pi_sandbox_\w+_secret$/),
      nextAction: { type: 'use_stripe_sdk' },
    });
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
  });

  it('when the buyer pays with a payment method Stripe has no test card for, then it answers 400 on paymentMethodId', async () => {
    const { buyer, orderId } = await payableOrder();
    const before = await chargesCounted();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_unknown' });

    expect(res.status).toBe(400);
    expect(await chargesCounted()).toEqual({ ...before, all: before.all + 1, failed: before.failed + 1 });
    expect(res.body).toEqual({ errors: [{ message: "No such PaymentMethod: 'pm_card_unknown'", field: 'paymentMethodId' }] });
  });

  it('when the service restarts between two attempts, then the order keeps its one intent', async () => {
    const { buyer, orderId } = await payableOrder();
    const first = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_chargeDeclined' });
    const restarted = ctx.buildApp({ gateway: new SandboxGateway('usd') });

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' }, restarted);

    expect(first.status).toBe(402);
    expect(res.status).toBe(201);
    expect(res.body.stripeId).toBe((await ctx.paymentOf(orderId))!.stripeId);
  });

  it('when the order is already paid, then it answers 409 and records and counts nothing more', async () => {
    const { buyer, orderId } = await payableOrder();
    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
    const before = await chargesCounted();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(409);
    expect(await ctx.paymentEvents(orderId)).toHaveLength(1);
    expect(await chargesCounted()).toEqual(before);
  });

  it('when a buyer in 3-D Secure gives the order up, then the sandbox intent is cancelled and the order closed', async () => {
    const { buyer, orderId } = await payableOrder(800);
    await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_authenticationRequired' });

    await ctx.closeOrder(orderId, 'cancelled');

    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'canceled', workDueAt: null });
    expect((await ctx.closedEvents(orderId)).map((event) => event.data)).toEqual([{ orderId, reason: 'cancelled' }]);
  });

  it.each([
    ['under the minimum', 44, /at least 0\.50 USD/], // a 0.44 ticket and its 0.04 fee
    ['over the maximum', 100_000_000, /no more than 999999\.99 USD/],
  ])('when the amount is %s Stripe charges, then it answers 409 as Stripe would and the order stays as it was', async (_case, price, message) => {
    const { buyer, orderId } = await payableOrder(price);
    const before = await chargesCounted();

    const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(409);
    expect(await chargesCounted()).toEqual({ ...before, all: before.all + 1, failed: before.failed + 1 });
    expect(res.body).toEqual({ errors: [{ message: expect.stringMatching(message) }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_payment_method', stripeId: null });
  });

  it('when anything is posted to the webhook, then it answers 400 and nothing changes', async () => {
    const { buyer, orderId } = await payableOrder();
    const pending = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_authenticationRequired' });
    const payload = JSON.stringify({ type: 'payment_intent.succeeded', data: { object: { id: pending.body.stripeId, metadata: { orderId } } } });

    const res = await ctx.webhook(payload, 't=1,v1=0000');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'The sandbox accepts no webhooks' }] });
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'requires_action' });
    expect(await ctx.paymentEvents(orderId)).toEqual([]);
  });
});
