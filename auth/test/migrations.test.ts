import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { createLogger, envelopeSchemas, openDatabase } from '@ticketing/common';
import { createTestDatabase, migrationsUpTo } from '@ticketing/common/testing';
import { migrationsFolder } from '../src/db/migrations-folder';
import { outbox, schema } from '../src/db/schema';

describe('migrations', () => {
  it('when users who signed up before auth published events are migrated, then each is announced once, in sign-up order, with an envelope consumers accept', async () => {
    const testDb = await createTestDatabase('auth_migrations');
    const database = openDatabase({ schema, url: testDb.url, logger: createLogger({ service: 'auth', level: 'silent' }) });
    const release = migrationsUpTo(migrationsFolder, '0001_signup_attempts');
    try {
      await database.migrate(release);
      const [first, second] = [
        { id: '11111111-1111-4111-8111-111111111111', email: 'first@example.com', createdAt: '2026-01-02T03:04:05.678Z' },
        { id: '00000000-0000-4000-8000-000000000002', email: 'second@example.com', createdAt: '2026-02-03T04:05:06.000Z' },
      ];
      for (const user of [second, first]) {
        await database.db.execute(sql`INSERT INTO users (id, email, password_hash, created_at) VALUES (${user.id}, ${user.email}, 'scrypt$old', ${user.createdAt})`);
      }

      await database.migrate(migrationsFolder);
      // Migrating again, as every start does, announces nobody twice.
      await database.migrate(migrationsFolder);

      const rows = await database.db.select().from(outbox).orderBy(outbox.seq);
      expect(rows.map((row) => ({ subject: row.subject, publishedAt: row.publishedAt, envelope: row.envelope }))).toEqual(
        [first, second].map((user) => ({
          subject: 'user.created',
          publishedAt: null,
          envelope: { id: `user.created:${user.id}`, subject: 'user.created', occurredAt: user.createdAt, data: { id: user.id, email: user.email } },
        })),
      );
      for (const row of rows) expect(envelopeSchemas['user.created'].safeParse(row.envelope).success).toBe(true);
    } finally {
      await database.close();
      await testDb.drop();
      rmSync(release, { recursive: true, force: true });
    }
  });
});
