import request from 'supertest';
import { eventually, fakeSession, testBusNames } from '@ticketing/common/testing';
import { eq } from 'drizzle-orm';
import { codeShownNow, issueEventTicket } from './event-tickets';
import { suiteEnv } from './service-harness';
import { ordersSchema, runOrders, runPayments, runTickets, type RunningOrders, type RunningPayments, type RunningTickets } from './ticket-services';

const bus = testBusNames('flow');
const env = suiteEnv(bus);
let tickets: RunningTickets;
let orders: RunningOrders;
let payments: RunningPayments;

beforeAll(async () => {
  tickets = await runTickets(env);
  orders = await runOrders(env);
  payments = await runPayments(env);
});
afterAll(async () => {
  await tickets?.stop();
  await orders?.stop();
  await payments?.stop();
  await bus.cleanUp();
});

const seller = fakeSession(env.JWT_KEY, { email: 'seller@example.com' });
const buyer = fakeSession(env.JWT_KEY, { email: 'buyer@example.com' });
const rival = fakeSession(env.JWT_KEY, { email: 'rival@example.com' });

const ticketStatus = async (id: string) => (await request(tickets.app).get(`/api/tickets/${id}`)).body.status as string;

/** Orders learns of a ticket through ticket.created; until then an order for it is a 404. */
const orderWhenReplicated = (ticketId: string, cookie: string) =>
  eventually(async () => {
    const res = await request(orders.app).post('/api/orders').set('Cookie', cookie).send({ ticketId });
    expect(res.status).not.toBe(404);
    return res;
  });

/** Payments learns of an order through order.created; until then paying it is a 404. */
const payWhenReplicated = (orderId: string, cookie: string) =>
  eventually(async () => {
    const res = await request(payments.app).post('/api/payments').set('Cookie', cookie).send({ orderId, paymentMethodId: 'pm_card_visa' });
    expect(res.status).not.toBe(404);
    return res;
  });

describe('tickets → orders → payments → orders → tickets over the real bus', () => {
  it('when a ticket is issued, ordered, cancelled, re-priced and paid, then the services agree at every step', async () => {
    const { ticketId } = await issueEventTicket(tickets.app, seller.cookie, { name: 'Cup final', faceValue: 100 });
    const reprice = (price: number) => request(tickets.app).put(`/api/tickets/${ticketId}/listing`).set('Cookie', seller.cookie).send({ price });

    const first = await orderWhenReplicated(ticketId, buyer.cookie);
    expect(first.status).toBe(201);
    expect(first.body.ticket).toMatchObject({ id: ticketId, title: 'Cup final', price: 100 });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));

    const rivalTry = await request(orders.app).post('/api/orders').set('Cookie', rival.cookie).send({ ticketId });
    const sellerReprice = await reprice(110);
    expect(rivalTry.status).toBe(409);
    expect(sellerReprice.status).toBe(409);

    // Payments must know the order before it can close it: the request waits until it does.
    const cancel = await request(orders.app).delete(`/api/orders/${first.body.id}`).set('Cookie', buyer.cookie);
    expect(cancel.status).toBe(202);
    await eventually(async () => {
      const order = await request(orders.app).get(`/api/orders/${first.body.id}`).set('Cookie', buyer.cookie);
      expect(order.body).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled' });
    });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('listed'));
    const payCancelled = await request(payments.app).post('/api/payments').set('Cookie', buyer.cookie).send({ orderId: first.body.id, paymentMethodId: 'pm_card_visa' });
    expect(payCancelled.status).toBe(409);

    // 110.00 is the face value plus the 10 % cap.
    const repriced = await reprice(110);
    expect(repriced.status).toBe(200);
    await eventually(async () => {
      const [replica] = await orders.database.db.select().from(ordersSchema.tickets).where(eq(ordersSchema.tickets.id, ticketId));
      expect(replica).toMatchObject({ priceCents: 11000, listed: true, version: 3 });
    });
    const second = await request(orders.app).post('/api/orders').set('Cookie', rival.cookie).send({ ticketId });
    expect(second.status).toBe(201);
    expect(second.body.ticket.price).toBe(110);
    expect(second.body).toMatchObject({ price: 110, fee: 11, total: 121 });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));

    const paid = await payWhenReplicated(second.body.id, rival.cookie);
    expect(paid.status).toBe(201);
    // The buyer is charged the order's total: the price and the 10 % fee.
    expect(paid.body).toMatchObject({ amount: 121, status: 'succeeded' });

    await eventually(async () => {
      const order = await request(orders.app).get(`/api/orders/${second.body.id}`).set('Cookie', rival.cookie);
      expect(order.body.status).toBe('complete');
    });
    // The sale moves the ticket to its buyer, not listed, and orders' replica learns the new holder.
    await eventually(async () => {
      const ticket = (await request(tickets.app).get(`/api/tickets/${ticketId}`)).body;
      expect(ticket).toMatchObject({ status: 'not-listed', userId: rival.user.id, orderId: null });
    });
    await eventually(async () => {
      const [replica] = await orders.database.db.select().from(ordersSchema.tickets).where(eq(ordersSchema.tickets.id, ticketId));
      expect(replica).toMatchObject({ userId: rival.user.id, listed: false });
    });
    const cancelPaid = await request(orders.app).delete(`/api/orders/${second.body.id}`).set('Cookie', rival.cookie);
    expect(cancelPaid.status).toBe(409);
  });
});

describe('the resale loop over the real bus', () => {
  const second = fakeSession(env.JWT_KEY, { email: 'second-buyer@example.com' });

  /** The buyer orders the ticket and pays; resolves once tickets has moved it to them and orders' replica knows. */
  async function buy(ticketId: string, session: typeof buyer) {
    const order = await orderWhenListed(ticketId, session.cookie);
    expect(order.status).toBe(201);
    expect((await payWhenReplicated(order.body.id, session.cookie)).status).toBe(201);
    await eventually(async () => expect((await request(tickets.app).get(`/api/tickets/${ticketId}`)).body.userId).toBe(session.user.id));
    await eventually(async () => {
      const [replica] = await orders.database.db.select().from(ordersSchema.tickets).where(eq(ordersSchema.tickets.id, ticketId));
      expect(replica?.userId).toBe(session.user.id);
    });
    return order.body.id as string;
  }

  /** Orders learns of the ticket, or of its new listing, through ticket events; until then it is a 404 or a 409. */
  const orderWhenListed = (ticketId: string, cookie: string) =>
    eventually(async () => {
      const res = await request(orders.app).post('/api/orders').set('Cookie', cookie).send({ ticketId });
      expect(res.status).toBe(201);
      return res;
    });

  it("when a ticket is bought, resold by its buyer and bought again, then at the door the earlier holders' codes are re-issued and the last buyer's checks in once", async () => {
    // Two hours away: still on sale, and its doors already open.
    const { eventId, ticketId } = await issueEventTicket(tickets.app, seller.cookie, { name: 'Door night', faceValue: 100, startsInHours: 2 });
    const sellerCode = await codeShownNow(tickets.app, seller.cookie, ticketId);

    const firstOrder = await buy(ticketId, buyer);
    const buyerCode = await codeShownNow(tickets.app, buyer.cookie, ticketId);
    const relisted = await request(tickets.app).put(`/api/tickets/${ticketId}/listing`).set('Cookie', buyer.cookie).send({ price: 110 });
    expect(relisted.status).toBe(200);
    const secondOrder = await buy(ticketId, second);
    const secondCode = await codeShownNow(tickets.app, second.cookie, ticketId);

    const scans = [];
    for (const code of [sellerCode, buyerCode, secondCode, secondCode]) {
      scans.push(await request(tickets.app).post(`/api/events/${eventId}/check-ins`).set('Cookie', seller.cookie).send({ code }));
    }
    expect(scans.map((res) => [res.status, res.body.errors?.[0]?.reason])).toEqual([
      [422, 're-issued'],
      [422, 're-issued'],
      [201, undefined],
      [409, 'already-checked-in'],
    ]);

    const salesOf = async (session: typeof buyer) => (await request(tickets.app).get('/api/tickets/sales').set('Cookie', session.cookie)).body.sales;
    expect((await salesOf(seller)).filter((sale: { ticketId: string }) => sale.ticketId === ticketId)).toEqual([
      expect.objectContaining({ orderId: firstOrder, price: 100, currency: 'USD' }),
    ]);
    expect(await salesOf(buyer)).toEqual([expect.objectContaining({ ticketId, orderId: secondOrder, price: 110 })]);
  });
});
