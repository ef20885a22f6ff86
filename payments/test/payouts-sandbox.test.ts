import { feeScheduleOf, feesEnv, loadConfig } from '@ticketing/common';
import { metricValue } from '@ticketing/common/testing';
import { runDuePayouts } from '../src/domain/payout-work';
import { startSandboxTestContext, type PaymentsTestContext } from './payments-test-app';

let ctx: PaymentsTestContext;
beforeAll(async () => {
  ctx = await startSandboxTestContext();
});
afterAll(() => ctx.close());

/** A buyer pays for the seller's ticket at `price`, through `app` (the context's unless told). */
async function sale(sellerId: string, price = 2000, app = ctx.app) {
  const buyer = ctx.session();
  const order = await ctx.seedOrder({ userId: buyer.userId, sellerId, price });
  const res = await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' }, app);
  if (res.status !== 201) throw new Error(`payment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return order;
}

describe('payouts in the sandbox', () => {
  it('when a seller connects, then the account is enabled at once with no link', async () => {
    const seller = ctx.session();

    const res = await ctx.connectPayouts(seller.cookie);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ onboardingUrl: null, account: { state: 'enabled', requirements: [] } });
    expect((await ctx.listPayouts(seller.cookie)).body).toEqual({ account: { state: 'enabled', requirements: [] }, currency: 'USD', pending: 0, paid: 0, payouts: [] });
  });

  it('when a ticket sells before its seller connects, then its payout is pending for want of an account, and sent once they connect, counted once', async () => {
    const seller = ctx.session();
    const order = await sale(seller.userId, 4550); // 45.50 less its 2.28 fee (227.5 rounded up)
    await runDuePayouts(ctx.deps());
    const before = await ctx.listPayouts(seller.cookie);
    const sentBefore = await metricValue(ctx.metrics.registry, 'payouts_sent_total');

    await ctx.connectPayouts(seller.cookie);
    await runDuePayouts(ctx.deps());
    await runDuePayouts(ctx.deps());

    expect(await metricValue(ctx.metrics.registry, 'payouts_sent_total')).toBe(sentBefore + 1);

    expect(before.body).toMatchObject({ account: { state: 'none', requirements: [] }, pending: 43.22, paid: 0, payouts: [{ orderId: order.id, amount: 43.22, state: 'pending', reason: 'no-account', sentAt: null }] });
    const after = await ctx.listPayouts(seller.cookie);
    expect(after.body).toMatchObject({ pending: 0, paid: 43.22, payouts: [{ orderId: order.id, ticketId: order.ticket.id, amount: 43.22, state: 'sent', reason: null }] });
    expect(after.body.payouts[0].sentAt).toEqual(expect.any(String));
    const payout = (await ctx.payoutOf(order.id))!;
    expect(payout.stripeTransferId).toMatch(/^tr_sandbox_/);
    expect(payout.chargeId).toMatch(/^ch_sandbox_/);
    expect((await ctx.payoutSentEvents(order.id)).map((event) => event.data)).toEqual([
      { id: payout.id, orderId: order.id, sellerId: seller.userId, amount: 4322, currency: 'usd', transferId: payout.stripeTransferId },
    ]);
  });

  it("when an order's ticket admits to an event, then the payout shows the event", async () => {
    const seller = ctx.session();
    const buyer = ctx.session();
    const order = await ctx.seedOrder({ userId: buyer.userId, sellerId: seller.userId, ticket: { id: crypto.randomUUID(), price: 1000, eventId: crypto.randomUUID() } });
    await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' });

    const res = await ctx.listPayouts(seller.cookie);

    expect(res.body.payouts).toEqual([expect.objectContaining({ orderId: order.id, ticketId: order.ticket.id, eventId: order.ticket.eventId })]);
  });

  it('when a payment is declined, then nobody is owed anything', async () => {
    const seller = ctx.session();
    const buyer = ctx.session();
    const order = await ctx.seedOrder({ userId: buyer.userId, sellerId: seller.userId });

    await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_chargeDeclined' });

    expect(await ctx.payoutOf(order.id)).toBeUndefined();
  });

  it("when a seller has sold several tickets, then they see only their own payouts, newest first, with the totals", async () => {
    const seller = ctx.session();
    await ctx.connectPayouts(seller.cookie);
    const first = await sale(seller.userId, 1000);
    await runDuePayouts(ctx.deps());
    const second = await sale(seller.userId, 3000);
    await sale(ctx.session().userId, 5000);

    const res = await ctx.listPayouts(seller.cookie);

    expect(res.body).toMatchObject({
      pending: 28.5,
      paid: 9.5,
      payouts: [
        { orderId: second.id, amount: 28.5, state: 'pending', reason: null },
        { orderId: first.id, amount: 9.5, state: 'sent' },
      ],
    });
  });

  it.each([
    ['POST', '/api/payouts/account'],
    ['GET', '/api/payouts'],
  ])('when nobody is signed in, then %s %s answers 401', async (method) => {
    const res = method === 'POST' ? await ctx.connectPayouts(undefined) : await ctx.listPayouts(undefined);

    expect(res.status).toBe(401);
  });
});

describe("the seller's proceeds", () => {
  // price → proceeds, by SELLER_FEE_PERCENT; each fee rounded half up to the cent.
  it.each([
    ['5', 2000, 1900],
    ['5', 2010, 1909], // 100.5 → 101
    ['5', 1990, 1890], // 99.5 → 100
    ['5', 49, 47], // 2.45 → 2
    ['5', 50, 47], // 2.5 → 3
    ['5', 90_909_090, 86_363_635], // the highest price a card is charged for; 4,545,454.5 → 4,545,455
    ['7.5', 1010, 934], // 75.75 → 76
    ['7.5', 1000, 925],
    ['0', 1234, 1234],
    ['0.01', 5000, 4999], // 0.5 → 1
    ['12.34', 777, 681], // 95.8818 → 96
    ['99.99', 10_000, 1],
  ])('when SELLER_FEE_PERCENT is %s and the price %i cents, then the payout is %i cents', async (percent, price, proceeds) => {
    const fees = feeScheduleOf(loadConfig(feesEnv, { SELLER_FEE_PERCENT: percent }));
    const seller = ctx.session();
    const order = await sale(seller.userId, price, ctx.buildApp({ fees }));

    expect(await ctx.payoutOf(order.id)).toMatchObject({ amountCents: proceeds, sellerId: seller.userId, state: 'pending' });
  });

  it('when SELLER_FEE_PERCENT is 100, then nothing is left to pay and no payout is recorded', async () => {
    const fees = feeScheduleOf(loadConfig(feesEnv, { SELLER_FEE_PERCENT: '100' }));

    const order = await sale(ctx.session().userId, 2000, ctx.buildApp({ fees }));

    expect(await ctx.payoutOf(order.id)).toBeUndefined();
  });

  it('when the order has no seller (placed before version 2), then it is paid and no payout is recorded', async () => {
    const buyer = ctx.session();
    const order = await ctx.seedOrder({ userId: buyer.userId, sellerId: undefined });

    const res = await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' });

    expect(res.status).toBe(201);
    expect(await ctx.payoutOf(order.id)).toBeUndefined();
  });
});
