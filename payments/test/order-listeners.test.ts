import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { RetryLaterError, type OrderCreatedData } from '@ticketing/common';
import { orders } from '../src/db/schema';
import { orderCancelledHandler } from '../src/events/order-cancelled-handler';
import { orderCreatedHandler } from '../src/events/order-created-handler';
import type { PaymentGateway } from '../src/gateway/payment-gateway';
import { envelopeOf, startStripeTestContext, type StripeTestContext } from './payments-test-app';

let ctx: StripeTestContext;
beforeAll(async () => {
  ctx = await startStripeTestContext();
});
afterEach(() => {
  expect(ctx.stripe.violations).toEqual([]);
});
afterAll(() => ctx.close());

const replicaOf = async (id: string) => ctx.database.db.select().from(orders).where(eq(orders.id, id));
const orderCreated = (data: OrderCreatedData) => orderCreatedHandler(ctx.database.db).handle(data, envelopeOf('order.created', data));
const refundRequestsFor = (orderId: string) => ctx.stripe.requestsFor(orderId).filter((request) => request.path === '/v1/refunds');

function createdData(): OrderCreatedData {
  return {
    id: randomUUID(),
    version: 0,
    status: 'created',
    userId: randomUUID(),
    expiresAt: '2030-01-01T12:15:00.000Z',
    ticket: { id: randomUUID(), price: 2500 },
  };
}

/** An order of the replica paid with a card that went through. */
async function paidOrder() {
  const buyer = ctx.session();
  const { id: orderId } = await ctx.seedOrder({ userId: buyer.userId, price: 4200 });
  const res = await ctx.pay(buyer.cookie, { orderId, paymentMethodId: 'pm_card_visa' });
  if (res.status !== 201) throw new Error(`payment answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { orderId, intentId: res.body.stripeId as string };
}

describe('order.created', () => {
  it('when an order is created, then the replica holds its buyer, price, hold and version 0', async () => {
    const created = createdData();

    await orderCreated(created);

    expect(await replicaOf(created.id)).toEqual([
      {
        id: created.id,
        userId: created.userId,
        ticketId: created.ticket.id,
        priceCents: 2500,
        status: 'created',
        expiresAt: new Date('2030-01-01T12:15:00.000Z'),
        version: 0,
      },
    ]);
  });

  it('when the same order.created arrives again after a cancellation, then the order stays cancelled', async () => {
    const created = createdData();
    await orderCreated(created);
    await ctx.cancelOrder(created.id);

    await orderCreated(created);

    expect(await replicaOf(created.id)).toEqual([expect.objectContaining({ status: 'cancelled', version: 1 })]);
  });

  it('when an order event is applied, then payments records no event of its own', async () => {
    const before = (await ctx.outboxEvents()).length;
    const created = createdData();

    await orderCreated(created);
    await ctx.cancelOrder(created.id);

    expect(await ctx.outboxEvents()).toHaveLength(before);
  });
});

describe('order.cancelled', () => {
  it('when an unpaid order is cancelled, then the replica holds it cancelled at that version and nothing is refunded', async () => {
    const { id: orderId } = await ctx.seedOrder();

    await ctx.cancelOrder(orderId, 1);

    expect(await replicaOf(orderId)).toEqual([expect.objectContaining({ status: 'cancelled', version: 1 })]);
    expect(refundRequestsFor(orderId)).toEqual([]);
  });

  it('when the cancellation follows versions payments never receives, then it applies at once', async () => {
    const { id: orderId } = await ctx.seedOrder();

    await ctx.cancelOrder(orderId, 3);

    expect(await replicaOf(orderId)).toEqual([expect.objectContaining({ status: 'cancelled', version: 3 })]);
  });

  it('when a cancellation already applied arrives again, then it changes nothing', async () => {
    const { id: orderId } = await ctx.seedOrder();
    await ctx.cancelOrder(orderId, 2);

    await ctx.cancelOrder(orderId, 1);

    expect(await replicaOf(orderId)).toEqual([expect.objectContaining({ status: 'cancelled', version: 2 })]);
  });

  it('when the order is not in the replica yet, then it is retried later', async () => {
    const orderId = randomUUID();

    await expect(ctx.cancelOrder(orderId)).rejects.toBeInstanceOf(RetryLaterError);
    expect(await replicaOf(orderId)).toEqual([]);
  });

  it('when the order was paid before its cancellation, then the charge is refunded through Stripe and the refund recorded', async () => {
    const { orderId, intentId } = await paidOrder();

    await ctx.cancelOrder(orderId);

    expect(refundRequestsFor(orderId)).toEqual([
      { method: 'POST', path: '/v1/refunds', idempotencyKey: `refund:${orderId}`, params: { payment_intent: intentId }, replayed: false },
    ]);
    const stripeRefund = ctx.stripe.refunds.find((refund) => refund.intentId === intentId)!;
    const payment = await ctx.paymentOf(orderId);
    expect(payment).toMatchObject({ status: 'refunded' });
    expect(await ctx.refundsOf(orderId)).toEqual([
      { id: expect.any(String), paymentId: payment!.id, stripeRefundId: stripeRefund.id, amountCents: 4200, reason: 'order_cancelled', createdAt: expect.any(Date) },
    ]);
    expect(await replicaOf(orderId)).toEqual([expect.objectContaining({ status: 'cancelled', version: 1 })]);
  });

  it('when the cancellation of a refunded order arrives again, then Stripe is not asked again', async () => {
    const { orderId } = await paidOrder();
    await ctx.cancelOrder(orderId);

    await ctx.cancelOrder(orderId);

    expect(refundRequestsFor(orderId)).toHaveLength(1);
    expect(await ctx.refundsOf(orderId)).toHaveLength(1);
  });

  it('when Stripe cannot refund, then the cancellation is not applied either, so its redelivery tries both again', async () => {
    const { orderId } = await paidOrder();
    ctx.stripe.setOutage(true);

    const failed = ctx.cancelOrder(orderId);

    await expect(failed).rejects.toThrow(/unavailable/);
    ctx.stripe.setOutage(false);
    expect(await replicaOf(orderId)).toEqual([expect.objectContaining({ status: 'created', version: 0 })]);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'succeeded' });
    await ctx.cancelOrder(orderId);
    expect(await ctx.paymentOf(orderId)).toMatchObject({ status: 'refunded' });
    expect(await ctx.refundsOf(orderId)).toHaveLength(1);
  });

  it("when Stripe refunded but the answer was lost, then the redelivery gets the same refund back and records it once", async () => {
    const { orderId, intentId } = await paidOrder();
    const losingRefunds: PaymentGateway = {
      mode: ctx.gateway.mode,
      publishableKey: ctx.gateway.publishableKey,
      ensureIntent: (order, key) => ctx.gateway.ensureIntent(order, key),
      confirm: (id, paymentMethodId, key) => ctx.gateway.confirm(id, paymentMethodId, key),
      async refund(id, key) {
        await ctx.gateway.refund(id, key);
        throw new Error('connection to the database lost');
      },
      parseWebhook: (rawBody, signature) => ctx.gateway.parseWebhook(rawBody, signature),
    };
    const data = { id: orderId, version: 1, ticket: { id: randomUUID() } };
    await expect(orderCancelledHandler(ctx.database.db, losingRefunds, ctx.logger).handle(data, envelopeOf('order.cancelled', data))).rejects.toThrow();

    await ctx.cancelOrder(orderId);

    expect(refundRequestsFor(orderId).map((request) => [request.idempotencyKey, request.replayed])).toEqual([
      [`refund:${orderId}`, false],
      [`refund:${orderId}`, true],
    ]);
    expect(ctx.stripe.refunds.filter((refund) => refund.intentId === intentId)).toHaveLength(1);
    expect(await ctx.refundsOf(orderId)).toEqual([expect.objectContaining({ stripeRefundId: ctx.stripe.refunds.find((r) => r.intentId === intentId)!.id })]);
  });
});
