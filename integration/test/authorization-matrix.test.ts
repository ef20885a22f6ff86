import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Express } from 'express';
import request from 'supertest';
import { createLogger, createMetrics, openDatabase, type Database } from '@ticketing/common';
import { createTestDatabase, eventually, testBusNames, type TestDatabase } from '@ticketing/common/testing';
import { createAuthApp } from '../../auth/src/app';
import { loadAuthConfig } from '../../auth/src/config';
import { migrationsFolder as authMigrations } from '../../auth/src/db/migrations-folder';
import { schema as authSchema, type AuthSchema } from '../../auth/src/db/schema';
import { authorizationMatrix, callers, type Caller, type Fixtures, type MatrixRow, type Method, type ServiceName } from './authorization-matrix';
import { codeShownNow, eventDetails, issueEventTicket } from './event-tickets';
import { suiteEnv } from './service-harness';
import {
  ordersSchema,
  paymentsSchema,
  runNotifications,
  runOrders,
  runPayments,
  runTickets,
  type RunningNotifications,
  type RunningOrders,
  type RunningPayments,
  type RunningTickets,
} from './ticket-services';

const bus = testBusNames('matrix');
const env = suiteEnv(bus);
let authDb: TestDatabase;
let authDatabase: Database<AuthSchema>;
let tickets: RunningTickets;
let orders: RunningOrders;
let payments: RunningPayments;
let notifications: RunningNotifications;
let apps: Record<ServiceName, Express>;

interface Account {
  email: string;
  password: string;
  cookie: string;
}
const accounts: Record<'seller' | 'buyer' | 'stranger', Account> = {} as never;

beforeAll(async () => {
  authDb = await createTestDatabase('auth');
  const logger = createLogger({ service: 'auth', level: 'silent' });
  authDatabase = openDatabase({ schema: authSchema, url: authDb.url, logger });
  await authDatabase.migrate(authMigrations);
  const auth = createAuthApp({
    config: loadAuthConfig({ ...env, DATABASE_URL: authDb.url }),
    db: authDatabase.db,
    logger,
    metrics: createMetrics('auth'),
    readiness: { database: authDatabase.ping },
  });
  tickets = await runTickets(env);
  orders = await runOrders(env);
  payments = await runPayments(env);
  notifications = await runNotifications(env);
  apps = { auth, tickets: tickets.app, orders: orders.app, payments: payments.app, notifications: notifications.app };

  for (const name of ['seller', 'buyer', 'stranger'] as const) {
    const email = `${name}-${randomBytes(4).toString('hex')}@example.com`;
    const res = await request(auth).post('/api/users/signup').send({ email, password: 'password123' });
    expect(res.status).toBe(201);
    accounts[name] = { email, password: 'password123', cookie: String(res.get('Set-Cookie')?.[0]).split(';')[0]! };
  }
}, 60_000);
afterAll(async () => {
  await tickets?.stop();
  await orders?.stop();
  await payments?.stop();
  await notifications?.stop();
  await authDatabase?.close();
  await authDb?.drop();
  await bus.cleanUp();
});

/** Every route an app declares, as `METHOD path`, from Express's router. */
function declaredRoutes(app: Express): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] } };
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
        : walk(layer.handle.stack ?? []),
    );
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}

const rowKey = (row: Pick<MatrixRow, 'service' | 'method' | 'route'>) => `${row.service} ${row.method} ${row.route}`;

function fixturesFor(row: MatrixRow): Fixtures {
  const ticket = async () => {
    const { ticketId: id } = await issueEventTicket(tickets.app, accounts.seller.cookie, { name: 'Matrix fixture', faceValue: 30 });
    await eventually(async () => expect(await orders.database.db.select().from(ordersSchema.tickets).where(eq(ordersSchema.tickets.id, id))).toHaveLength(1));
    return { id };
  };
  const event = async () => {
    const res = await request(tickets.app).post('/api/events').set('Cookie', accounts.seller.cookie).send(eventDetails('Matrix fixture'));
    expect(res.status).toBe(201);
    return { id: res.body.id as string };
  };
  return {
    ticket,
    event,
    async admission() {
      const { eventId, ticketId } = await issueEventTicket(tickets.app, accounts.seller.cookie, { name: 'Matrix door', faceValue: 30, startsInHours: 1 });
      return { eventId, code: await codeShownNow(tickets.app, accounts.seller.cookie, ticketId) };
    },
    async order() {
      const { id: ticketId } = await ticket();
      const res = await request(orders.app).post('/api/orders').set('Cookie', accounts.buyer.cookie).send({ ticketId });
      expect(res.status).toBe(201);
      const id = res.body.id as string;
      await eventually(async () => expect(await payments.database.db.select().from(paymentsSchema.orders).where(eq(paymentsSchema.orders.id, id))).toHaveLength(1));
      return { id };
    },
    credentials(caller) {
      const account = caller === 'another user' ? accounts.stranger : accounts[row.owner];
      return { email: account.email, password: account.password };
    },
  };
}

const cookieOf = (row: MatrixRow, caller: Caller) =>
  caller === 'anonymous' ? undefined : caller === 'another user' ? accounts.stranger.cookie : accounts[row.owner].cookie;

function send(app: Express, method: Method, path: string, cookie: string | undefined, body: unknown) {
  const call = { GET: request(app).get(path), POST: request(app).post(path), PUT: request(app).put(path), DELETE: request(app).delete(path) }[method];
  if (cookie) call.set('Cookie', cookie);
  return body === undefined ? call : call.send(body as object);
}

describe('the authorization matrix', () => {
  it('when the services are built, then every API route they declare has exactly one row, and every row a route', () => {
    const declared = (Object.entries(apps) as [ServiceName, Express][]).flatMap(([service, app]) =>
      declaredRoutes(app)
        .filter((route) => route.split(' ')[1]!.startsWith('/api/'))
        .map((route) => `${service} ${route}`),
    );
    const rows = authorizationMatrix.map(rowKey);

    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual([...new Set(declared)].sort());
  });

  const cells = authorizationMatrix.flatMap((row) => callers.map((caller) => [rowKey(row), caller, row.expected[caller], row] as const));
  it.each(cells)('%s as %s answers %i', async (_key, caller, expected, row) => {
    const { path, body } = await row.request(fixturesFor(row), caller);

    const res = await send(apps[row.service], row.method, path, cookieOf(row, caller), body);

    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status: expected });
  });
});
