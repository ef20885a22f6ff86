import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually, fakeSession, testBusNames } from '@ticketing/common/testing';
import { eq } from 'drizzle-orm';
import { suiteEnv } from './service-harness';
import { ordersSchema, runOrders, runTickets, type RunningOrders, type RunningTickets } from './ticket-services';

const bus = testBusNames('flow');
const env = suiteEnv(bus);
let tickets: RunningTickets;
let orders: RunningOrders;

beforeAll(async () => {
  tickets = await runTickets(env);
  orders = await runOrders(env);
});
afterAll(async () => {
  await tickets?.stop();
  await orders?.stop();
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

describe('tickets → orders → tickets over the real bus', () => {
  it('when a ticket is listed, ordered, cancelled, edited and paid, then both services agree at every step', async () => {
    const listed = await request(tickets.app).post('/api/tickets').set('Cookie', seller.cookie).send({ title: 'Cup final', price: 80 });
    expect(listed.status).toBe(201);
    const ticketId = listed.body.id as string;

    const first = await orderWhenReplicated(ticketId, buyer.cookie);
    expect(first.status).toBe(201);
    expect(first.body.ticket).toMatchObject({ id: ticketId, price: 80 });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));

    const rivalTry = await request(orders.app).post('/api/orders').set('Cookie', rival.cookie).send({ ticketId });
    const sellerEdit = await request(tickets.app).put(`/api/tickets/${ticketId}`).set('Cookie', seller.cookie).send({ title: 'Cup final', price: 120 });
    expect(rivalTry.status).toBe(409);
    expect(sellerEdit.status).toBe(409);

    const cancel = await request(orders.app).delete(`/api/orders/${first.body.id}`).set('Cookie', buyer.cookie);
    expect(cancel.status).toBe(200);
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('on-sale'));

    const edit = await request(tickets.app).put(`/api/tickets/${ticketId}`).set('Cookie', seller.cookie).send({ title: 'Cup final', price: 120 });
    expect(edit.status).toBe(200);
    await eventually(async () => {
      const [replica] = await orders.database.db.select().from(ordersSchema.tickets).where(eq(ordersSchema.tickets.id, ticketId));
      expect(replica).toMatchObject({ priceCents: 12000, version: 3 });
    });
    const second = await request(orders.app).post('/api/orders').set('Cookie', rival.cookie).send({ ticketId });
    expect(second.status).toBe(201);
    expect(second.body.ticket.price).toBe(120);
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));

    // The payments service is not built yet; its event goes on the bus as it will send it.
    await orders.events.bus.publish({
      id: randomUUID(),
      subject: 'payment.created',
      occurredAt: new Date().toISOString(),
      data: { id: randomUUID(), orderId: second.body.id, stripeId: 'pi_test' },
    });

    await eventually(async () => {
      const order = await request(orders.app).get(`/api/orders/${second.body.id}`).set('Cookie', rival.cookie);
      expect(order.body.status).toBe('complete');
    });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('sold'));
    const cancelPaid = await request(orders.app).delete(`/api/orders/${second.body.id}`).set('Cookie', rival.cookie);
    expect(cancelPaid.status).toBe(409);
  });
});
