import { eventually } from '@ticketing/common/testing';
import { SmtpTestServer } from '@ticketing/common/testing/smtp';
import { startSuite, Visitor, type RunningSuite } from '../src/running-suite';

/** Short enough to watch an order expire, long enough to pay inside it on a busy CI machine. */
const HOLD_SECONDS = 6;

let suite: RunningSuite;
/** Where notifications e-mails every notice. */
let smtp: SmtpTestServer;
let organiser: Visitor;
let buyer: Visitor;
let rival: Visitor;
let buyerId: string;

beforeAll(async () => {
  // An event a killed process held unacknowledged comes back after the ack wait: short here, so the
  // crash test sees the redelivery within its budget.
  smtp = new SmtpTestServer();
  await smtp.start();
  suite = await startSuite({
    EXPIRATION_WINDOW_SECONDS: String(HOLD_SECONDS),
    EVENT_ACK_WAIT_MS: '3000',
    SMTP_URL: smtp.url,
    // A mail server back from an outage is found within a second.
    MAIL_RETRY_BASE_MS: '200',
    MAIL_RETRY_MAX_MS: '1000',
    MAIL_WORK_INTERVAL_MS: '200',
  });
  organiser = new Visitor(suite.baseUrl);
  buyer = new Visitor(suite.baseUrl);
  rival = new Visitor(suite.baseUrl);
  for (const [visitor, email] of [
    [organiser, 'organiser@example.com'],
    [buyer, 'buyer@example.com'],
    [rival, 'rival@example.com'],
  ] as const) {
    expect((await visitor.post('/api/users/signup', { email, password: 'password123' })).status).toBe(201);
  }
  buyerId = (await buyer.get('/api/users/currentuser')).body.currentUser.id;
}, 180_000);
afterAll(async () => {
  await suite?.stop();
  await smtp?.stop();
}, 60_000);

/** An event of the organiser's a month from now, so its sales stay open throughout the test. */
async function createEvent(name: string): Promise<string> {
  const startsAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
  const res = await organiser.post('/api/events', { name, venue: 'Roundhouse', city: 'London', startsAt, timeZone: 'Europe/London', category: 'concert' });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** One general-admission ticket of the event, listed at its face value. */
async function issueTicket(eventId: string, faceValue: number): Promise<string> {
  const res = await organiser.post(`/api/events/${eventId}/tickets`, { faceValue, quantity: 1 });
  expect(res.status).toBe(201);
  expect(res.body.tickets).toEqual([expect.objectContaining({ eventId, price: faceValue, faceValue, status: 'listed' })]);
  return res.body.tickets[0].id;
}

const ticketOfNewEvent = async (name: string, faceValue: number) => issueTicket(await createEvent(name), faceValue);

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
/** Who holds the ticket, and its status: after a sale, its buyer, and not listed until they list it again. */
const holding = async (id: string) => {
  const { userId, status } = (await buyer.get(`/api/tickets/${id}`)).body;
  return { userId, status };
};
const boughtByBuyer = () => ({ userId: buyerId, status: 'not-listed' });
/** What a credential's token names: its payload is the middle of `<kid>.<payload>.<sig>`. */
const tokenClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const eventListings = async (eventId: string) => (await buyer.get(`/api/events/${eventId}/tickets?sort=price`)).body.tickets.map((t: { id: string }) => t.id);
const eventSummary = async (eventId: string) => {
  const { listedCount, lowestPrice } = (await buyer.get(`/api/events/${eventId}`)).body;
  return { listedCount, lowestPrice };
};
const orderStatus = async (visitor: Visitor, id: string) => (await visitor.get(`/api/orders/${id}`)).body.status;

describe('the whole suite through the gateway', () => {
  it("when a buyer orders and pays with pm_card_visa, then the order is complete and the ticket is the buyer's everywhere, with a new code only they get", async () => {
    const eventId = await createEvent('Stadium tour');
    const ticketId = await issueTicket(eventId, 75);
    expect(await eventSummary(eventId)).toEqual({ listedCount: 1, lowestPrice: 75 });
    const organiserCredential = await organiser.get(`/api/tickets/${ticketId}/credential`);
    expect(organiserCredential.status).toBe(200);
    expect(tokenClaims(organiserCredential.body.token)).toEqual({ t: ticketId, e: eventId, g: 0 });

    const order = await orderOnceKnown(buyer, ticketId);
    expect(order.status).toBe(201);
    expect(order.body.expiresAt).toEqual(expect.any(String));
    expect((await rival.post('/api/orders', { ticketId })).status).toBe(409);
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'));
    expect(await eventSummary(eventId)).toEqual({ listedCount: 0, lowestPrice: null });
    expect((await organiser.put(`/api/tickets/${ticketId}/listing`, { price: 80 })).status).toBe(409);
    expect((await organiser.call('DELETE', `/api/tickets/${ticketId}/listing`)).status).toBe(409);

    const payment = await payOnceKnown(buyer, order.body.id, 'pm_card_visa');

    expect(payment.status).toBe(201);
    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('complete'));
    await eventually(async () => expect(await holding(ticketId)).toEqual(boughtByBuyer()));
    const thisTicket = (t: { id: string }) => t.id === ticketId;
    expect((await buyer.get('/api/tickets/mine')).body.tickets.filter(thisTicket)).toEqual([
      expect.objectContaining({ eventId, userId: buyerId, status: 'not-listed', price: 75 }),
    ]);
    expect((await organiser.get('/api/tickets/mine')).body.tickets.filter(thisTicket)).toEqual([]);
    expect((await organiser.get('/api/tickets/sales')).body.sales.filter((sale: { ticketId: string }) => sale.ticketId === ticketId)).toEqual([
      expect.objectContaining({ eventId, eventName: 'Stadium tour', orderId: order.body.id, price: 75, currency: 'USD' }),
    ]);
    expect(await eventListings(eventId)).toEqual([]);
    expect((await buyer.get('/api/tickets?q=Stadium')).body.tickets).toEqual([]);

    const buyerCredential = await buyer.get(`/api/tickets/${ticketId}/credential`);
    expect(buyerCredential.status).toBe(200);
    expect(buyerCredential.body).toMatchObject({ ticketId, eventId, generation: 1, secret: expect.any(String), period: 15, digits: 6, algorithm: 'SHA1' });
    expect(tokenClaims(buyerCredential.body.token)).toEqual({ t: ticketId, e: eventId, g: 1 });
    expect(buyerCredential.body.secret).not.toBe(organiserCredential.body.secret);
    expect((await organiser.get(`/api/tickets/${ticketId}/credential`)).status).toBe(403);
    expect((await organiser.put(`/api/tickets/${ticketId}/listing`, { price: 80 })).status).toBe(403);
  });

  it('when an order is not paid in time, then it is cancelled and the ticket is listed again', async () => {
    const eventId = await createEvent('Late show');
    const ticketId = await issueTicket(eventId, 20);
    const order = await orderOnceKnown(buyer, ticketId);
    expect(order.status).toBe(201);

    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('cancelled'), { timeoutMs: (HOLD_SECONDS + 15) * 1000 });
    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('listed'));
    expect(await eventListings(eventId)).toEqual([ticketId]);
    expect(await eventSummary(eventId)).toEqual({ listedCount: 1, lowestPrice: 20 });

    expect((await buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' })).status).toBe(409);
  }, 60_000);

  it("when the suite runs on PostgreSQL, then orders' events are handled by the orders worker and none by the API's process", async () => {
    const ticketId = await ticketOfNewEvent('Matinee', 25);
    const order = await orderOnceKnown(buyer, ticketId);
    expect((await payOnceKnown(buyer, order.body.id, 'pm_card_visa')).status).toBe(201);
    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('complete'));

    const metricsOf = async (service: string) => (await fetch(`${suite.serviceUrl(service)}/metrics`)).text();
    const handled = (metrics: string, subject: string) =>
      Number(new RegExp(`^events_handled_total\\{[^}]*subject="${subject.replace('.', '\\.')}"[^}]*outcome="acked"[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    const worker = await metricsOf('orders-worker');
    expect({ ticketsReplicated: handled(worker, 'ticket.created') > 0, paymentsApplied: handled(worker, 'payment.succeeded') > 0 }).toEqual({
      ticketsReplicated: true,
      paymentsApplied: true,
    });
    expect(await metricsOf('orders')).not.toMatch(/^events_handled_total/m);
  });

  it('when the card is declined, then it answers 402 and the order can still be paid', async () => {
    const ticketId = await ticketOfNewEvent('Jazz night', 30);
    const order = await orderOnceKnown(buyer, ticketId);

    const declined = await payOnceKnown(buyer, order.body.id, 'pm_card_chargeDeclined');
    const paid = await buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' });

    expect(declined.status).toBe(402);
    expect(declined.body.errors[0].message).toMatch(/declined/i);
    expect(paid.status).toBe(201);
    await eventually(async () => expect(await holding(ticketId)).toEqual(boughtByBuyer()));
  });

  it('when a service is killed with SIGKILL mid-flow, then it is restarted and nothing is lost', async () => {
    const ticketId = await ticketOfNewEvent('Encore', 40);
    const order = await orderOnceKnown(buyer, ticketId);
    const linesBefore = suite.output.length;

    // tickets dies before (or while) it applies order.created: the hold must still happen.
    process.kill(suite.pidOf('tickets'), 'SIGKILL');
    await suite.waitForLine(/tickets started \(pid/, linesBefore);

    await eventually(async () => expect(await ticketStatus(ticketId)).toBe('held'), { timeoutMs: 30_000 });
    const laterTicket = await eventually(() => ticketOfNewEvent('Issued after tickets restarted', 10), { timeoutMs: 30_000 });

    // orders and its worker die with an order awaiting payment: after their restarts the payment still completes it.
    process.kill(suite.pidOf('orders'), 'SIGKILL');
    process.kill(suite.pidOf('orders-worker'), 'SIGKILL');
    const paid = await payOnceKnown(buyer, order.body.id, 'pm_card_visa');
    expect(paid.status).toBe(201);
    await eventually(async () => expect(await orderStatus(buyer, order.body.id)).toBe('complete'), { timeoutMs: 30_000 });
    await eventually(async () => expect(await holding(ticketId)).toEqual(boughtByBuyer()), { timeoutMs: 30_000 });
    const laterOrder = await orderOnceKnown(rival, laterTicket);
    expect(laterOrder.status).toBe(201);
    // Three crashes, three restarts with backoff and a start-up each.
  }, 120_000);
});

type Notice = { id: string; kind: string; title: string; body: string; link: string };

/** Two people of their own, so that no other test's notices or e-mails mix with theirs. */
async function sellerAndBuyer(label: string) {
  const people = { seller: new Visitor(suite.baseUrl), buyer: new Visitor(suite.baseUrl) };
  const emails = { seller: `${label}-seller@example.com`, buyer: `${label}-buyer@example.com` };
  for (const role of ['seller', 'buyer'] as const) {
    expect((await people[role].post('/api/users/signup', { email: emails[role], password: 'password123' })).status).toBe(201);
  }
  const res = await people.seller.post('/api/events', {
    name: `${label} live`,
    venue: 'Roundhouse',
    city: 'London',
    startsAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString(),
    timeZone: 'Europe/London',
    category: 'concert',
  });
  expect(res.status).toBe(201);
  const issued = await people.seller.post(`/api/events/${res.body.id}/tickets`, { faceValue: 40, section: 'Stalls', row: 'C', seats: ['14'] });
  expect(issued.status).toBe(201);
  return { ...people, emails, ticketId: issued.body.tickets[0].id as string, eventName: `${label} live` };
}

const noticesOf = async (visitor: Visitor): Promise<{ notifications: Notice[]; unreadCount: number }> => (await visitor.get('/api/notifications')).body;
const kindsOf = async (visitor: Visitor) => (await noticesOf(visitor)).notifications.map((notice) => notice.kind).sort();
/** The subjects of the e-mails the address got, sorted, each Message-ID once. */
const mailTo = (address: string) => {
  const received = smtp.to(address).map(({ mail }) => mail);
  return { subjects: received.map((mail) => mail.subject).sort(), messageIds: new Set(received.map((mail) => mail.messageId)).size, count: received.length };
};

describe('notices of a sale', () => {
  it('when a sale is paid, then the buyer sees it held and theirs, the seller sees it sold, each naming the event, seat and amount, and each e-mail arrives once', async () => {
    const { seller, buyer: fan, emails, ticketId, eventName } = await sellerAndBuyer('noticed');
    const order = await orderOnceKnown(fan, ticketId);
    expect(order.status).toBe(201);
    expect((await payOnceKnown(fan, order.body.id, 'pm_card_visa')).status).toBe(201);

    await eventually(async () => expect(await kindsOf(fan)).toEqual(['order-held', 'order-paid']), { timeoutMs: 20_000 });
    await eventually(async () => expect(await kindsOf(seller)).toEqual(['ticket-sold']), { timeoutMs: 20_000 });
    const { notifications, unreadCount } = await noticesOf(fan);
    expect(unreadCount).toBe(2);
    const paid = notifications.find((notice) => notice.kind === 'order-paid')!;
    expect(paid).toEqual(expect.objectContaining({ title: `It's yours: ${eventName}`, link: '/tickets/mine' }));
    expect(paid.body).toContain(`Section Stalls, row C, seat 14, ${eventName} at Roundhouse, London`);
    expect(paid.body).toContain('You paid $44.00.');
    expect((await noticesOf(seller)).notifications[0]!.body).toContain('sold for $40.00');

    await eventually(() => expect(mailTo(emails.buyer).count).toBe(2), { timeoutMs: 20_000 });
    await eventually(() => expect(mailTo(emails.seller).count).toBe(1), { timeoutMs: 20_000 });
    expect(mailTo(emails.buyer).subjects).toEqual([expect.stringMatching(/^Held for you until /), `It's yours: ${eventName}`]);
    expect(mailTo(emails.seller).subjects).toEqual([`Sold: ${eventName}`]);

    expect((await fan.post('/api/notifications/read', { ids: [paid.id] })).body).toEqual({ unreadCount: 1 });
    expect((await seller.post('/api/notifications/read', { ids: [paid.id] })).body).toEqual({ unreadCount: 1 });
    expect((await fan.post('/api/notifications/read', { all: true })).body).toEqual({ unreadCount: 0 });
  });

  it('when notifications is killed and the mail server is down during a purchase, then no notice is lost or doubled, and each e-mail arrives once the server is back', async () => {
    const { seller, buyer: fan, emails, ticketId, eventName } = await sellerAndBuyer('outage');
    const linesBefore = suite.output.length;
    await smtp.stop();
    try {
      const order = await orderOnceKnown(fan, ticketId);
      expect(order.status).toBe(201);
      process.kill(suite.pidOf('notifications'), 'SIGKILL');
      expect((await payOnceKnown(fan, order.body.id, 'pm_card_visa')).status).toBe(201);
      await suite.waitForLine(/notifications started \(pid/, linesBefore);

      await eventually(async () => expect(await kindsOf(fan)).toEqual(['order-held', 'order-paid']), { timeoutMs: 40_000 });
      await eventually(async () => expect(await kindsOf(seller)).toEqual(['ticket-sold']), { timeoutMs: 20_000 });
      expect(mailTo(emails.buyer).count + mailTo(emails.seller).count).toBe(0);
    } finally {
      await smtp.start();
    }

    await eventually(() => expect(mailTo(emails.buyer).count).toBe(2), { timeoutMs: 20_000 });
    await eventually(() => expect(mailTo(emails.seller).count).toBe(1), { timeoutMs: 20_000 });
    // A few more rounds of the sender: had anything been left due, it would go out now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mailTo(emails.buyer)).toEqual({ subjects: [expect.stringMatching(/^Held for you until /), `It's yours: ${eventName}`], messageIds: 2, count: 2 });
    expect(mailTo(emails.seller)).toEqual({ subjects: [`Sold: ${eventName}`], messageIds: 1, count: 1 });
    expect(await kindsOf(fan)).toEqual(['order-held', 'order-paid']);
  }, 120_000);
});
