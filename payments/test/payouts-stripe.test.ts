import { randomUUID } from 'node:crypto';
import { createMetrics } from '@ticketing/common';
import { createPaymentsApp } from '../src/app';
import { runDuePayouts } from '../src/domain/payout-work';
import { startStripeTestContext, type StripeTestContext } from './payments-test-app';

let ctx: StripeTestContext;
beforeAll(async () => {
  ctx = await startStripeTestContext();
});
afterEach(() => {
  expect(ctx.stripe.violations).toEqual([]);
});
afterAll(() => ctx.close());

const requestsTo = (path: string) => ctx.stripe.requests.filter((request) => request.path === path);
const transferRequestsOf = (orderId: string) => requestsTo('/v1/transfers').filter((request) => request.params.transfer_group === orderId);
const transfersOf = (orderId: string) => ctx.stripe.transfers.filter((transfer) => transfer.transferGroup === orderId);
const accountOf = (userId: string) => ctx.stripe.accounts.find((account) => account.metadata.userId === userId)!;

/** A buyer pays for the seller's ticket at `price` with a card that goes through. */
async function sale(sellerId: string, price = 2000) {
  const buyer = ctx.session();
  const order = await ctx.seedOrder({ userId: buyer.userId, sellerId, price });
  const res = await ctx.pay(buyer.cookie, { orderId: order.id, paymentMethodId: 'pm_card_visa' });
  if (res.status !== 201) throw new Error(`payment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return order;
}

/** Stripe reporting the account as it stands now (`account.updated`), signed. */
function accountUpdated(accountId: string, created?: number) {
  const payload = ctx.stripe.accountUpdatedPayload(accountId, created);
  return ctx.webhook(payload, ctx.sign(payload));
}

/** A seller whose Express account has finished onboarding. */
async function enabledSeller() {
  const seller = ctx.session();
  await ctx.connectPayouts(seller.cookie);
  const { id } = accountOf(seller.userId);
  ctx.stripe.enableAccount(id);
  await accountUpdated(id);
  return { seller, accountId: id };
}

describe('POST /api/payouts/account with Stripe', () => {
  it('when a seller connects, then one Express account is created under their key and an onboarding link back to the Payouts page is returned', async () => {
    const seller = ctx.session();

    const res = await ctx.connectPayouts(seller.cookie);

    expect(res.status).toBe(200);
    const account = accountOf(seller.userId);
    expect(res.body).toEqual({
      onboardingUrl: expect.stringMatching(new RegExp(`^https://connect\\.stripe\\.com/setup/e/${account.id}/`)),
      account: { state: 'onboarding', requirements: ['business_type', 'external_account', 'tos_acceptance.date'] },
    });
    expect(requestsTo('/v1/accounts').filter((request) => request.params['metadata[userId]'] === seller.userId)).toEqual([
      {
        method: 'POST',
        path: '/v1/accounts',
        idempotencyKey: `account:${seller.userId}`,
        params: { type: 'express', 'capabilities[transfers][requested]': 'true', 'metadata[userId]': seller.userId },
        replayed: false,
      },
    ]);
    const [link] = requestsTo('/v1/account_links').filter((request) => request.params.account === account.id);
    expect(link!.params).toEqual({
      account: account.id,
      type: 'account_onboarding',
      return_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/payouts\?onboarding=return$/),
      refresh_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/payouts\?onboarding=refresh$/),
    });
    expect(link!.idempotencyKey).toEqual(expect.any(String));
  });

  it('when the seller connects again (the link expired), then the same account gets a fresh link and no second account is created', async () => {
    const seller = ctx.session();
    const first = await ctx.connectPayouts(seller.cookie);

    const again = await ctx.connectPayouts(seller.cookie);

    expect(again.status).toBe(200);
    expect(again.body.onboardingUrl).not.toBe(first.body.onboardingUrl);
    expect(ctx.stripe.accounts.filter((account) => account.metadata.userId === seller.userId)).toHaveLength(1);
    expect(requestsTo('/v1/account_links').filter((request) => request.params.account === accountOf(seller.userId).id)).toHaveLength(2);
  });

  it('when the account is enabled, then connecting answers with no link and asks Stripe nothing', async () => {
    const { seller } = await enabledSeller();
    const before = ctx.stripe.requests.length;

    const res = await ctx.connectPayouts(seller.cookie);

    expect(res.body).toEqual({ onboardingUrl: null, account: { state: 'enabled', requirements: [] } });
    expect(ctx.stripe.requests).toHaveLength(before);
  });

  it('when a client names another origin in X-Forwarded-Host with no proxy trusted, then the links still point at the origin it reached', async () => {
    const seller = ctx.session();

    await ctx.connectPayouts(seller.cookie).set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'ticketing.example');

    const [link] = requestsTo('/v1/account_links').filter((request) => request.params.account === accountOf(seller.userId).id);
    expect(link!.params.return_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/payouts\?onboarding=return$/);
  });

  it("when PUBLIC_URL is set, then the links point at the web app's Payouts page there", async () => {
    const seller = ctx.session();
    const app = createPaymentsApp({ config: { ...ctx.config, PUBLIC_URL: 'https://tickets.example.com/' }, payments: ctx.deps(), metrics: createMetrics('payments'), readiness: {} });

    await ctx.connectPayouts(seller.cookie, app);

    const [link] = requestsTo('/v1/account_links').filter((request) => request.params.account === accountOf(seller.userId).id);
    expect(link!.params).toMatchObject({
      return_url: 'https://tickets.example.com/payouts?onboarding=return',
      refresh_url: 'https://tickets.example.com/payouts?onboarding=refresh',
    });
  });

  it('when Stripe is down, then it answers 503 and keeps no account', async () => {
    const seller = ctx.session();
    ctx.stripe.setOutage(true);

    const res = await ctx.connectPayouts(seller.cookie);

    ctx.stripe.setOutage(false);
    expect(res.status).toBe(503);
    expect((await ctx.listPayouts(seller.cookie)).body.account).toEqual({ state: 'none', requirements: [] });
  });
});

describe('payouts with Stripe Connect', () => {
  it('when a sale comes before onboarding, then the payout is pending until account.updated enables the account, then one transfer is sent from the charge', async () => {
    const seller = ctx.session();
    const order = await sale(seller.userId, 2000);
    await runDuePayouts(ctx.deps());
    const beforeConnecting = await ctx.listPayouts(seller.cookie);
    await ctx.connectPayouts(seller.cookie);
    await runDuePayouts(ctx.deps());
    const whileOnboarding = await ctx.listPayouts(seller.cookie);
    const { id: accountId } = accountOf(seller.userId);
    ctx.stripe.enableAccount(accountId);

    const webhook = await accountUpdated(accountId);
    await runDuePayouts(ctx.deps());

    expect(beforeConnecting.body).toMatchObject({ account: { state: 'none' }, pending: 19, paid: 0, payouts: [{ state: 'pending', reason: 'no-account' }] });
    expect(whileOnboarding.body).toMatchObject({ account: { state: 'onboarding' }, payouts: [{ state: 'pending', reason: 'onboarding-incomplete' }] });
    expect(webhook.status).toBe(200);
    const payout = (await ctx.payoutOf(order.id))!;
    expect(transferRequestsOf(order.id)).toEqual([
      {
        method: 'POST',
        path: '/v1/transfers',
        idempotencyKey: `transfer:${payout.id}`,
        params: {
          amount: '1900',
          currency: 'usd',
          destination: accountId,
          transfer_group: order.id,
          source_transaction: ctx.stripe.chargeOf(order.id)!,
          'metadata[payoutId]': payout.id,
          'metadata[orderId]': order.id,
        },
        replayed: false,
      },
    ]);
    const [transfer] = transfersOf(order.id);
    expect(payout).toMatchObject({ state: 'sent', stripeTransferId: transfer!.id, amountCents: 1900, workDueAt: null });
    expect((await ctx.payoutSentEvents(order.id)).map((event) => event.data)).toEqual([
      { id: payout.id, orderId: order.id, sellerId: seller.userId, amount: 1900, currency: 'usd', transferId: transfer!.id },
    ]);
    const listed = await ctx.listPayouts(seller.cookie);
    expect(listed.body).toEqual({
      account: { state: 'enabled', requirements: [] },
      currency: 'USD',
      pending: 0,
      paid: 19,
      payouts: [
        {
          id: payout.id,
          orderId: order.id,
          ticketId: order.ticket.id,
          eventId: null,
          amount: 19,
          state: 'sent',
          reason: null,
          createdAt: payout.createdAt.toISOString(),
          sentAt: payout.sentAt!.toISOString(),
        },
      ],
    });
  });

  it('when account.updated arrives twice and an older one arrives last, then the account stays enabled and the payout is transferred once', async () => {
    const seller = ctx.session();
    await ctx.connectPayouts(seller.cookie);
    const { id: accountId } = accountOf(seller.userId);
    const olderPayload = ctx.stripe.accountUpdatedPayload(accountId, Math.floor(Date.now() / 1000) - 60);
    const order = await sale(seller.userId, 3500);
    ctx.stripe.enableAccount(accountId);
    const enabledPayload = ctx.stripe.accountUpdatedPayload(accountId);

    await ctx.webhook(enabledPayload, ctx.sign(enabledPayload));
    await Promise.all([runDuePayouts(ctx.deps()), runDuePayouts(ctx.deps())]);
    await ctx.webhook(enabledPayload, ctx.sign(enabledPayload));
    const late = await ctx.webhook(olderPayload, ctx.sign(olderPayload));
    await runDuePayouts(ctx.deps());

    expect(late.status).toBe(200);
    expect((await ctx.listPayouts(seller.cookie)).body.account).toEqual({ state: 'enabled', requirements: [] });
    expect(transfersOf(order.id)).toEqual([expect.objectContaining({ amount: 3325, destination: accountId })]); // 35.00 less its 1.75 fee
    expect(await ctx.payoutSentEvents(order.id)).toHaveLength(1);
  });

  it('when the payment success is reported again by webhook after the sale, then the order still has one payout and one transfer', async () => {
    const { seller } = await enabledSeller();
    const order = await sale(seller.userId, 1200);
    await runDuePayouts(ctx.deps());
    const intentId = ctx.stripe.intentOf(order.id)!.id;
    const payload = ctx.stripe.webhookPayload('payment_intent.succeeded', intentId);

    await ctx.webhook(payload, ctx.sign(payload));
    await runDuePayouts(ctx.deps());

    expect((await ctx.listPayouts(seller.cookie)).body.payouts).toEqual([expect.objectContaining({ orderId: order.id, amount: 11.4, state: 'sent' })]);
    expect(transfersOf(order.id)).toHaveLength(1);
  });

  it('when Stripe is down, then the payout stays pending and is retried with backoff, and is sent once Stripe is back: nothing lost, nothing parked', async () => {
    const { seller } = await enabledSeller();
    const order = await sale(seller.userId, 2000);
    ctx.stripe.setOutage(true);
    const now = Date.now();

    await runDuePayouts(ctx.deps({ now: () => new Date(now) }));
    await runDuePayouts(ctx.deps({ now: () => new Date(now + 1_000) }));
    const duringOutage = (await ctx.payoutOf(order.id))!;
    ctx.stripe.setOutage(false);
    await runDuePayouts(ctx.deps({ now: () => new Date(now + 60_000) }));

    expect(duringOutage).toMatchObject({ state: 'pending', workAttempts: 2, workDueAt: new Date(now + 1_000 + 2_000) });
    expect((await ctx.payoutOf(order.id))!).toMatchObject({ state: 'sent', workDueAt: null, workAttempts: 0 });
    expect(transfersOf(order.id)).toHaveLength(1);
    expect(await ctx.payoutSentEvents(order.id)).toHaveLength(1);
  });

  it("when Stripe made the transfer but its answer was lost, then it is asked again under the same key and answers from the first: one transfer", async () => {
    const { seller } = await enabledSeller();
    const order = await sale(seller.userId, 2000);
    ctx.stripe.dropResponseOnce((request) => request.path === '/v1/transfers' && request.params.transfer_group === order.id);
    const now = Date.now();

    await runDuePayouts(ctx.deps({ now: () => new Date(now) }));
    await runDuePayouts(ctx.deps({ now: () => new Date(now + 60_000) }));

    // The SDK's own retries and the worker's all carry the payout's key; only the first did anything.
    const requests = transferRequestsOf(order.id);
    expect(new Set(requests.map((request) => request.idempotencyKey))).toEqual(new Set([`transfer:${(await ctx.payoutOf(order.id))!.id}`]));
    expect(requests.filter((request) => !request.replayed)).toHaveLength(1);
    expect(transfersOf(order.id)).toHaveLength(1);
    expect(await ctx.payoutOf(order.id)).toMatchObject({ state: 'sent', stripeTransferId: transfersOf(order.id)[0]!.id });
  });

  it('when account.updated is for an account this service did not create, then it is acknowledged and ignored', async () => {
    const payload = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'acct_someoneelse', object: 'account', payouts_enabled: true, requirements: { currently_due: [] } } },
      type: 'account.updated',
    });

    const res = await ctx.webhook(payload, ctx.sign(payload));

    expect(res.status).toBe(200);
  });
});
