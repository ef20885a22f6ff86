import { eventually } from '@ticketing/common/testing';
import { startSuite, Visitor, type RunningSuite } from '../src/running-suite';

/** Short enough to watch an order expire, long enough to pay inside it on a busy CI machine. */
const HOLD_SECONDS = 6;

let suite: RunningSuite;
let seller: Visitor;
let buyer: Visitor;
let rival: Visitor;

beforeAll(async () => {
  // An event a killed process held unacknowledged comes back after the ack wait: short here, so the
  // crash test sees the redelivery within its budget.
  suite = await startSuite({ EXPIRATION_WINDOW_SECONDS: String(HOLD_SECONDS), EVENT_ACK_WAIT_MS: '3000' });
  seller = new Visitor(suite.baseUrl);
  buyer = new Visitor(suite.baseUrl);
  rival = new Visitor(suite.baseUrl);
  for (const [visitor, email] of [
    [seller, 'seller@example.com'],
    [buyer, 'buyer@example.com'],
    [rival, 'rival@example.com'],
  ] as const) {
    expect((await visitor.post('/api/users/signup', { email, password: 'password123' })).status).toBe(201);
  }
}, 180_000);
afterAll(() => suite?.stop(), 60_000);

async function listTicket(title: string, price: number): Promise<string> {
  const res = await seller.post('/api/tickets', { title, price });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Orders learns of a new ticket over the bus; until then ordering it is a 404. */
const orderOnceKnown = (visitor: Visitor, ticketId: string) =>
  eventually(async () => {
    const res = await visitor.post('/api/orders', { ticketId });
    expect(res.status).not.toBe(404);
    return res;
  }, { timeoutMs: 20_000 });

/** Payments learns of a new order over the bus too; until then paying it is a 404. */
const payOnceKnown = (visitor: Visitor, orderId: string, paymentMethodId: string) =>
  eventually(async () => {
    const res = await visitor.post('/api/payments', { orderId, paymentMethodId });
    expect(res.status).not.toBe(404);
    return res;
  }, { timeoutMs: 20_000 });

const ticketStatus = async (id: string) => (await buyer.get(`/api/tickets/${id}`)).body.status;
const orderStatus = async (visitor: Visitor, id: string) => (await visitor.get(`/api/orders/${id}`)).body.status;

describe('the whole suite through the gateway', () => {
  it('when a buyer orders and pays with pm_card_visa, then the order is complete and the ticket sold everywhere', async () => {
    const ticketId = await listTicket('Stadium tour', 75);

    const order = await orderOnceKnown(buyer, ticketId);
    expect(order.status).toBe(201);
    expect(order.body.expiresAt).toEqual(expect.any(String));
    expect((await rival.post('/api/orders', { ticketId })).status).toBe(409);
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));
    expect((await seller.put(`/api/tickets/${ticketId}`, { title: 'Stadium tour', price: 90 })).status).toBe(409);

    const payment = await payOnceKnown(buyer, order.body.id, 'pm_card_visa');

    expect(payment.status).toBe(201);
    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('complete'));
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('sold'));
    const mine = await seller.get('/api/tickets/mine');
    expect(mine.body.tickets.find((t: { id: string }) => t.id === ticketId).status).toBe('sold');
    expect((await buyer.get('/api/tickets?q=Stadium')).body.tickets).toEqual([]);
  });

  it('when an order is not paid in time, then it is cancelled and the ticket is on sale again', async () => {
    const ticketId = await listTicket('Late show', 20);
    const order = await orderOnceKnown(buyer, ticketId);
    expect(order.status).toBe(201);

    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('cancelled'), { timeoutMs: (HOLD_SECONDS + 15) * 1000 });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('on-sale'));

    expect((await buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' })).status).toBe(409);
  }, 60_000);

  it('when the card is declined, then it answers 402 and the order can still be paid', async () => {
    const ticketId = await listTicket('Jazz night', 30);
    const order = await orderOnceKnown(buyer, ticketId);

    const declined = await payOnceKnown(buyer, order.body.id, 'pm_card_chargeDeclined');
    const paid = await buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' });

    expect(declined.status).toBe(402);
    expect(declined.body.errors[0].message).toMatch(/declined/i);
    expect(paid.status).toBe(201);
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('sold'));
  });

  it('when a service is killed with SIGKILL mid-flow, then it is restarted and nothing is lost', async () => {
    const ticketId = await listTicket('Encore', 40);
    const order = await orderOnceKnown(buyer, ticketId);
    const linesBefore = suite.output.length;

    // tickets dies before (or while) it applies order.created: the hold must still happen.
    process.kill(suite.pidOf('tickets'), 'SIGKILL');
    await suite.waitForLine(/tickets started \(pid/, linesBefore);

    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'), { timeoutMs: 30_000 });
    const laterTicket = await eventually(() => listTicket('Listed after tickets restarted', 10), { timeoutMs: 30_000 });

    // orders dies with an order awaiting payment: after its restart the payment still completes it.
    process.kill(suite.pidOf('orders'), 'SIGKILL');
    const paid = await payOnceKnown(buyer, order.body.id, 'pm_card_visa');
    expect(paid.status).toBe(201);
    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('complete'), { timeoutMs: 30_000 });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('sold'), { timeoutMs: 30_000 });
    const laterOrder = await orderOnceKnown(rival, laterTicket);
    expect(laterOrder.status).toBe(201);
    // Two crashes, two restarts with backoff and a start-up each.
  }, 120_000);
});
