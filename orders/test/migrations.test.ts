import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { createLogger, openDatabase, type Database } from '@ticketing/common';
import { createTestDatabase, migrationsUpTo, type TestDatabase } from '@ticketing/common/testing';
import { migrationsFolder } from '../src/db/migrations-folder';
import { orders, schema, type OrdersSchema } from '../src/db/schema';

let testDb: TestDatabase;
let database: Database<OrdersSchema>;
let earlierRelease: string;
beforeAll(async () => {
  testDb = await createTestDatabase('orders_migrations');
  database = openDatabase({ schema, url: testDb.url, logger: createLogger({ service: 'orders', level: 'silent' }) });
  earlierRelease = migrationsUpTo(migrationsFolder, '0001_orders_keep_price_payments_decide');
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
  rmSync(earlierRelease, { recursive: true, force: true });
});

describe('migrations', () => {
  it('when orders placed before fees existed are migrated, then each keeps its price with a fee of 0 and a total of its price', async () => {
    await database.migrate(earlierRelease);
    const ticketId = randomUUID();
    const orderId = randomUUID();
    await database.db.execute(sql`INSERT INTO tickets (id, title, price_cents, user_id, version) VALUES (${ticketId}, 'Old show', 2500, ${randomUUID()}, 0)`);
    await database.db.execute(
      sql`INSERT INTO orders (id, user_id, ticket_id, status, price_cents, expires_at) VALUES (${orderId}, ${randomUUID()}, ${ticketId}, 'created', 2500, now())`,
    );

    await database.migrate(migrationsFolder);

    const migrated = await database.db.select().from(orders);
    expect(migrated).toEqual([expect.objectContaining({ id: orderId, priceCents: 2500, feeCents: 0, totalCents: 2500 })]);
  });
});
