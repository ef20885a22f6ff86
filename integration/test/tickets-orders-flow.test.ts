import request from 'supertest';
import { eventually, fakeSession, testBusNames } from '@ticketing/common/testing';
import { eq } from 'drizzle-orm';
import { issueEventTicket } from './event-tickets';
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
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('sold'));
    const cancelPaid = await request(orders.app).delete(`/api/orders/${second.body.id}`).set('Cookie', rival.cookie);
    expect(cancelPaid.status).toBe(409);
  });
});
