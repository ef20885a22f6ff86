import { eventually } from '@ticketing/common/testing';
import { startSuite, Visitor, type RunningSuite } from '../src/running-suite';
import { OtlpTestReceiver } from './otlp-receiver';

let suite: RunningSuite;
let receiver: OtlpTestReceiver;

beforeAll(async () => {
  receiver = new OtlpTestReceiver();
  const endpoint = await receiver.start();
  suite = await startSuite({
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Spans are exported within a fifth of a second rather than the default five.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    // The lines each step writes, some of them at debug (a timer set), to find the trace id in.
    LOG_LEVEL: 'debug',
  });
}, 180_000);
afterAll(async () => {
  await suite?.stop();
  await receiver?.stop();
}, 60_000);

/** The JSON log lines of the suite's output that carry the trace id, by the service that wrote them. */
function logServicesOf(traceId: string): string[] {
  const services = new Set<string>();
  for (const line of suite.output) {
    const json = line.slice(line.indexOf('{'));
    if (!json.startsWith('{') || !json.includes(traceId)) continue;
    const entry = JSON.parse(json) as { service?: string; trace_id?: string };
    if (entry.trace_id === traceId && entry.service) services.add(entry.service);
  }
  return [...services].sort();
}

describe('one trace per purchase', () => {
  it('when a ticket is ordered and paid through the gateway, then the purchase is one trace across the services, what the payment decided included, and their log lines carry its id', async () => {
    const seller = new Visitor(suite.baseUrl);
    const buyer = new Visitor(suite.baseUrl);
    expect((await seller.post('/api/users/signup', { email: 'traced-seller@example.com', password: 'password123' })).status).toBe(201);
    expect((await buyer.post('/api/users/signup', { email: 'traced-buyer@example.com', password: 'password123' })).status).toBe(201);
    const startsAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const event = await seller.post('/api/events', { name: 'Traced night', venue: 'Roundhouse', city: 'London', startsAt, timeZone: 'Europe/London', category: 'concert' });
    const issued = await seller.post(`/api/events/${event.body.id}/tickets`, { faceValue: 30, quantity: 1 });
    const ticketId = issued.body.tickets[0].id as string;
    const order = await eventually(async () => {
      const res = await buyer.post('/api/orders', { ticketId });
      expect(res.status).toBe(201);
      return res;
    }, { timeoutMs: 20_000 });
    const paid = await eventually(async () => {
      const res = await buyer.post('/api/payments', { orderId: order.body.id, paymentMethodId: 'pm_card_visa' });
      expect(res.status).toBe(201);
      return res;
    }, { timeoutMs: 20_000 });
    expect(paid.status).toBe(201);

    // The order's trace is the one its order.created left orders in; either of orders' processes may relay it.
    const published = await eventually(() => {
      const span = receiver.spans.find((candidate) => ['orders', 'orders-worker'].includes(candidate.service) && candidate.name === 'order.created publish');
      expect(span).toBeDefined();
      return span!;
    }, { timeoutMs: 20_000 });
    const traceId = published.traceId;

    await eventually(() => expect(receiver.servicesOf(traceId)).toEqual(['expiration', 'notifications', 'orders', 'orders-worker', 'payments', 'tickets']), { timeoutMs: 30_000 });
    const request = receiver.spans.find((span) => span.traceId === traceId && span.service === 'orders' && !span.parentSpanId);
    expect(request?.name).toMatch(/^POST/);
    // A listener's span is exported when it ends, which can be after its children's and other services' spans.
    await eventually(
      () =>
        expect(receiver.spans.filter((span) => span.traceId === traceId && span.name === 'order.created process').map((span) => span.service).sort()).toEqual([
          'expiration',
          'notifications',
          'payments',
          'tickets',
        ]),
      { timeoutMs: 20_000 },
    );
    // The payment came in its own request, but what it decided continues the purchase: orders (its
    // worker) completes the order, tickets moves the ticket to its buyer, notifications tells both parties.
    const handledInTrace = (name: string) => receiver.spans.filter((span) => span.traceId === traceId && span.name === name).map((span) => span.service).sort();
    await eventually(() => {
      expect(handledInTrace('payment.succeeded process')).toEqual(['orders-worker']);
      expect(handledInTrace('order.completed process')).toEqual(['notifications', 'tickets']);
    }, { timeoutMs: 20_000 });
    await eventually(() => expect(logServicesOf(traceId)).toEqual(['expiration', 'notifications', 'orders', 'orders-worker', 'payments', 'tickets']), { timeoutMs: 10_000 });
  }, 120_000);
});
