import request from 'supertest';
import { eq } from 'drizzle-orm';
import { createLogger, createMetrics, openDatabase } from '@ticketing/common';
import { createTestDatabase, eventually, fakeSession, startTcpProxy, testBusNames, type TcpProxy, type TestDatabase } from '@ticketing/common/testing';
import { createTicketsApp } from '../../tickets/src/app';
import { loadTicketsConfig } from '../../tickets/src/config';
import { migrationsFolder } from '../../tickets/src/db/migrations-folder';
import { schema } from '../../tickets/src/db/schema';
import { eventDetails, issueEventTicket } from './event-tickets';
import { suiteEnv } from './service-harness';
import { ordersSchema, runOrders, runTickets, type RunningOrders, type RunningTickets } from './ticket-services';

const bus = testBusNames('outages');
const env = suiteEnv(bus);
const seller = fakeSession(env.JWT_KEY);
let natsProxy: TcpProxy;
let tickets: RunningTickets;
let orders: RunningOrders;

beforeAll(async () => {
  natsProxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(bus.servers).port) });
  // Tickets reaches NATS through a proxy the test can cut; orders reaches it directly.
  tickets = await runTickets({ ...env, NATS_URL: natsProxy.url('nats') });
  orders = await runOrders(env);
});
afterAll(async () => {
  await natsProxy.restore().catch(() => undefined);
  await tickets?.stop();
  await orders?.stop();
  await natsProxy?.close();
  await bus.cleanUp();
});

describe('a service while NATS is down', () => {
  it('when NATS is unreachable, then writes answer 201, /readyz stays ready naming the bus, and the events go out once it is back', async () => {
    await natsProxy.cut();
    await eventually(() => expect(tickets.events.bus.isConnected).toBe(false));

    // Creating the event and issuing its ticket each answer 201, or this fails.
    const { ticketId } = await issueEventTicket(tickets.app, seller.cookie, { name: 'Listed in the outage', faceValue: 30 });
    const ready = await request(tickets.app).get('/readyz');

    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'ok', bus: expect.stringMatching(/^failing/) });

    await natsProxy.restore();

    await eventually(
      async () => {
        const [replica] = await orders.database.db.select().from(ordersSchema.tickets).where(eq(ordersSchema.tickets.id, ticketId));
        expect(replica).toMatchObject({ title: 'Listed in the outage', priceCents: 3000 });
      },
      { timeoutMs: 20_000 },
    );
  }, 30_000);
});

describe('a service while PostgreSQL is down', () => {
  let testDb: TestDatabase;
  let databaseProxy: TcpProxy;
  beforeAll(async () => {
    testDb = await createTestDatabase('tickets_pg_down');
    const direct = new URL(testDb.url);
    databaseProxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  });
  afterAll(async () => {
    await databaseProxy.close();
    await testDb.drop();
  });

  it('when the database is unreachable, then requests answer 503 with Retry-After in the error shape, /readyz is unready, and it serves again once it is back', async () => {
    const viaProxy = new URL(testDb.url);
    viaProxy.port = String(databaseProxy.port);
    const config = loadTicketsConfig({ ...env, DATABASE_URL: viaProxy.toString() });
    const logger = createLogger({ service: 'tickets', level: 'silent' });
    const database = openDatabase({ schema, url: viaProxy.toString(), logger, connectTimeoutMs: 500 });
    await database.migrate(migrationsFolder);
    const app = createTicketsApp({ config, db: database.db, logger, metrics: createMetrics('tickets'), readiness: { database: database.ping } });
    try {
      await databaseProxy.cut();

      const write = await request(app).post('/api/events').set('Cookie', seller.cookie).send(eventDetails('Nowhere to keep it'));
      const read = await request(app).get('/api/tickets');
      const ready = await request(app).get('/readyz');

      for (const res of [write, read]) {
        expect(res.status).toBe(503);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.body).toEqual({ errors: [{ message: expect.stringMatching(/unavailable/) }] });
      }
      expect(ready.status).toBe(503);

      await databaseProxy.restore();

      await eventually(async () => expect((await request(app).get('/api/tickets')).status).toBe(200));
    } finally {
      await databaseProxy.restore().catch(() => undefined);
      await database.close();
    }
  });
});
