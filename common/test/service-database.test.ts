import { sql } from 'drizzle-orm';
import { databaseEnv, loadConfig, openServiceDatabase } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { MIGRATIONS_FOLDER, schema } from './fixtures/notes-schema';
import { silentLogger } from './helpers';

describe('openServiceDatabase', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('service_db');
  });
  afterAll(() => testDb.drop());

  it('when every request connection is taken, then the background pool still answers', async () => {
    // Arrange
    const config = loadConfig(databaseEnv, { DATABASE_URL: testDb.url, DATABASE_POOL_SIZE: '1', DATABASE_BACKGROUND_POOL_SIZE: '1', DATABASE_CONNECT_TIMEOUT_MS: '300' });
    const database = await openServiceDatabase({ service: 'notes', config, schema, migrationsFolder: MIGRATIONS_FOLDER, logger: silentLogger() });
    let release!: () => void;
    const held = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      await new Promise<void>((resolve) => (release = resolve));
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));

      // Act
      const outcome = (ping: Promise<void>) => ping.then(
        () => 'answered',
        () => 'timed out',
      );
      const [requestPool, background] = await Promise.all([outcome(database.ping()), outcome(database.background.ping())]);

      // Assert
      expect({ requestPool, background }).toEqual({ requestPool: 'timed out', background: 'answered' });
    } finally {
      release();
      await held;
      await database.close();
    }
  });
});
