import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The server tests run against: the machine's PostgreSQL unless DATABASE_URL names another. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * A fresh, uniquely named database on the real PostgreSQL server, so test files run in parallel
 * without seeing each other's rows. `drop` removes it even if connections are still open.
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  // PostgreSQL cuts names at 63 bytes; the prefix is shortened so the unique suffix always survives.
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase().slice(0, 40)}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: testServerUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
