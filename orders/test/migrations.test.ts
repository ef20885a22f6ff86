import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { createLogger, openDatabase, type Database } from '@ticketing/common';
import { createTestDatabase, migrationsUpTo, type TestDatabase } from '@ticketing/common/testing';
import { migrationsFolder } from '../src/db/migrations-folder';
import { orders, schema, tickets, type OrdersSchema } from '../src/db/schema';

/** A database of its own, migrated to the release that ended with `lastTag`. */
async function databaseAtRelease(lastTag: string): Promise<{ database: Database<OrdersSchema>; cleanUp(): Promise<void> }> {
  const testDb: TestDatabase = await createTestDatabase('orders_migrations');
  const database = openDatabase({ schema, url: testDb.url, logger: createLogger({ service: 'orders', level: 'silent' }) });
  const release = migrationsUpTo(migrationsFolder, lastTag);
  await database.migrate(release);
  return {
    database,
    async cleanUp() {
      await database.close();
      await testDb.drop();
      rmSync(release, { recursive: true, force: true });
    },
  };
}

describe('migrations', () => {
  it('when orders placed before fees existed are migrated, then each keeps its price with a fee of 0 and a total of its price', async () => {
    const { database, cleanUp } = await databaseAtRelease('0001_orders_keep_price_payments_decide');
    try {
      const ticketId = randomUUID();
      const orderId = randomUUID();
      await database.db.execute(sql`INSERT INTO tickets (id, title, price_cents, user_id, version) VALUES (${ticketId}, 'Old show', 2500, ${randomUUID()}, 0)`);
      await database.db.execute(
        sql`INSERT INTO orders (id, user_id, ticket_id, status, price_cents, expires_at) VALUES (${orderId}, ${randomUUID()}, ${ticketId}, 'created', 2500, now())`,
      );

      await database.migrate(migrationsFolder);

      const migrated = await database.db.select().from(orders);
      expect(migrated).toEqual([expect.objectContaining({ id: orderId, priceCents: 2500, feeCents: 0, totalCents: 2500 })]);
    } finally {
      await cleanUp();
    }
  });

  it('when a replica from before events is migrated, then each ticket is kept, listed, with no event and no start', async () => {
    const { database, cleanUp } = await databaseAtRelease('0002_orders_keep_fee_and_total');
    try {
      const ticketId = randomUUID();
      const sellerId = randomUUID();
      await database.db.execute(sql`INSERT INTO tickets (id, title, price_cents, user_id, version) VALUES (${ticketId}, 'Old show', 2500, ${sellerId}, 3)`);

      await database.migrate(migrationsFolder);

      expect(await database.db.select().from(tickets).where(eq(tickets.id, ticketId))).toEqual([
        { id: ticketId, title: 'Old show', priceCents: 2500, userId: sellerId, eventId: null, startsAt: null, listed: true, version: 3 },
      ]);
    } finally {
      await cleanUp();
    }
  });
});
