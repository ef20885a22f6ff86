import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { asc, sql } from 'drizzle-orm';
import { createLogger, openDatabase } from '@ticketing/common';
import { createTestDatabase, migrationsUpTo } from '@ticketing/common/testing';
import { migrationsFolder } from '../src/db/migrations-folder';
import { schema, tickets } from '../src/db/schema';
import { statusOf } from '../src/domain/ticket';

describe('migrations', () => {
  it('when a database of version 1 is migrated, then every ticket keeps its row, and none is for sale without an event', async () => {
    const testDb = await createTestDatabase('tickets_migrations');
    const database = openDatabase({ schema, url: testDb.url, logger: createLogger({ service: 'tickets', level: 'silent' }) });
    const release = migrationsUpTo(migrationsFolder, '0000_init');
    try {
      await database.migrate(release);
      const [onSale, held, sold] = [randomUUID(), randomUUID(), randomUUID()];
      const orderId = randomUUID();
      await database.db.execute(sql`
        INSERT INTO tickets (id, title, price_cents, user_id, version, order_id, sold, created_at) VALUES
          (${onSale}, 'Old show', 2500, 'seller-1', 2, NULL, false, '2025-01-01T00:00:00Z'),
          (${held}, 'Held show', 3000, 'seller-1', 1, ${orderId}, false, '2025-01-02T00:00:00Z'),
          (${sold}, 'Sold show', 3500, 'seller-2', 4, ${orderId}, true, '2025-01-03T00:00:00Z')`);

      await database.migrate(migrationsFolder);

      const rows = await database.db.select().from(tickets).orderBy(asc(tickets.createdAt));
      expect(rows.map((row) => [row.title, row.priceCents, row.userId, row.version, row.eventId, row.faceValueCents, statusOf(row)])).toEqual([
        ['Old show', 2500, 'seller-1', 2, null, null, 'not-listed'],
        ['Held show', 3000, 'seller-1', 1, null, null, 'held'],
        ['Sold show', 3500, 'seller-2', 4, null, null, 'sold'],
      ]);
    } finally {
      await database.close();
      await testDb.drop();
      rmSync(release, { recursive: true, force: true });
    }
  });

  it('when a database of events is migrated, then a ticket held then keeps its hold, without a buyer, and every ticket starts at generation 0, not checked in', async () => {
    const testDb = await createTestDatabase('tickets_migrations');
    const database = openDatabase({ schema, url: testDb.url, logger: createLogger({ service: 'tickets', level: 'silent' }) });
    const release = migrationsUpTo(migrationsFolder, '0002_ticket_listings');
    try {
      await database.migrate(release);
      const [eventId, listed, held, orderId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await database.db.execute(sql`
        INSERT INTO events (id, organiser_id, name, venue, city, starts_at, time_zone, category) VALUES
          (${eventId}, 'organiser-1', 'Cup final', 'Wembley Stadium', 'London', '2031-06-01T19:30:00Z', 'Europe/London', 'sport')`);
      await database.db.execute(sql`
        INSERT INTO tickets (id, title, price_cents, user_id, event_id, face_value_cents, version, order_id, created_at) VALUES
          (${listed}, 'Cup final', 5000, 'organiser-1', ${eventId}, 5000, 0, NULL, '2026-11-01T00:00:00Z'),
          (${held}, 'Cup final', 5000, 'organiser-1', ${eventId}, 5000, 1, ${orderId}, '2026-11-02T00:00:00Z')`);

      await database.migrate(migrationsFolder);

      const rows = await database.db.select().from(tickets).orderBy(asc(tickets.createdAt));
      expect(rows.map((row) => [statusOf(row), row.orderId, row.heldForUserId, row.heldPriceCents, row.credentialGeneration, row.checkedInAt])).toEqual([
        ['listed', null, null, null, 0, null],
        ['held', orderId, null, null, 0, null],
      ]);
    } finally {
      await database.close();
      await testDb.drop();
      rmSync(release, { recursive: true, force: true });
    }
  });
});
