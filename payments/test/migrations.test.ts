import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { createLogger, openDatabase, type Database } from '@ticketing/common';
import { createTestDatabase, migrationsUpTo, type TestDatabase } from '@ticketing/common/testing';
import { migrationsFolder } from '../src/db/migrations-folder';
import { orders, schema, type PaymentsSchema } from '../src/db/schema';

let testDb: TestDatabase;
let database: Database<PaymentsSchema>;
let earlierRelease: string;
beforeAll(async () => {
  testDb = await createTestDatabase('payments_migrations');
  database = openDatabase({ schema, url: testDb.url, logger: createLogger({ service: 'payments', level: 'silent' }) });
  earlierRelease = migrationsUpTo(migrationsFolder, '0001_payments_decide_charge_or_close');
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
  rmSync(earlierRelease, { recursive: true, force: true });
});

describe('migrations', () => {
  it('when orders copied before fees existed are migrated, then each is charged its price: a fee of 0, a total of its price, no seller', async () => {
    await database.migrate(earlierRelease);
    const orderId = randomUUID();
    await database.db.execute(
      sql`INSERT INTO orders (id, user_id, ticket_id, price_cents, status, expires_at, version) VALUES (${orderId}, ${randomUUID()}, ${randomUUID()}, 2500, 'open', now(), 0)`,
    );

    await database.migrate(migrationsFolder);

    const migrated = await database.db.select().from(orders);
    expect(migrated).toEqual([expect.objectContaining({ id: orderId, priceCents: 2500, feeCents: 0, totalCents: 2500, sellerId: null })]);
  });
});
