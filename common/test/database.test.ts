import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../src';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../src/testing';
import { MIGRATIONS_FOLDER, notes, schema } from './fixtures/notes-schema';
import type { StepResult } from './fixtures/pglite-steps';
import { silentLogger } from './helpers';

type TestDb = Database<typeof schema>;

// The root jest config runs each workspace as a project, where the preset's testTimeout is ignored;
// starting PGlite in a child process takes a few seconds.
jest.setTimeout(60_000);

/** Rows of one query on a short-lived connection of its own, outside the code under test. */
async function queryRows<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function tableCount(url: string, table: string): Promise<number> {
  const rows = await queryRows<{ count: number }>(
    url,
    `SELECT count(*)::int AS count FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1`,
    [table],
  );
  return rows[0]?.count ?? 0;
}

async function appliedMigrationCount(url: string): Promise<number> {
  const rows = await queryRows<{ count: number }>(url, 'SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations');
  return rows[0]?.count ?? 0;
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await queryRows(testServerUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length === 1;
}

/** Every database a test opens is closed after it, unless the test closed it itself. */
const openDatabases = new Set<TestDb>();

function openPg(url: string): TestDb {
  const database = openDatabase({ schema, url, logger: silentLogger(), poolSize: 2 });
  openDatabases.add(database);
  return database;
}

async function close(database: TestDb): Promise<void> {
  openDatabases.delete(database);
  await database.close();
}

afterEach(async () => {
  await Promise.all([...openDatabases].map(close));
});

describe('openDatabase with PostgreSQL', () => {
  let testDatabase: TestDatabase;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('common_database');
  });

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('when migrations are applied, then the table exists, ping resolves and rows round-trip', async () => {
    // Arrange
    const database = openPg(testDatabase.url);

    // Act
    await database.migrate(MIGRATIONS_FOLDER);
    const [inserted] = await database.db.insert(notes).values({ body: 'hello' }).returning();
    const found = await database.db
      .select()
      .from(notes)
      .where(eq(notes.id, inserted?.id ?? -1));

    // Assert
    expect(database.driver).toBe('pg');
    await expect(database.ping()).resolves.toBeUndefined();
    expect(found).toStrictEqual([{ id: inserted?.id, body: 'hello', createdAt: expect.any(Date) }]);
    const columns = await queryRows<{ column_name: string }>(
      testDatabase.url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toStrictEqual(['id', 'body', 'created_at']);
  });

  it('when migrate runs twice, then the second run is a no-op that keeps the rows', async () => {
    // Arrange
    const database = openPg(testDatabase.url);
    await database.migrate(MIGRATIONS_FOLDER);
    await database.db.insert(notes).values({ body: 'kept' });

    // Act
    await database.migrate(MIGRATIONS_FOLDER);

    // Assert
    expect(await appliedMigrationCount(testDatabase.url)).toBe(1);
    const kept = await database.db.select().from(notes).where(eq(notes.body, 'kept'));
    expect(kept).toHaveLength(1);
  });

  it('when several instances migrate a fresh database at once, then all succeed and the table is created once', async () => {
    // Arrange
    const fresh = await createTestDatabase('common_concurrent');
    try {
      const replicas = [1, 2, 3, 4].map(() => openPg(fresh.url));

      // Act
      const results = await Promise.allSettled(replicas.map((replica) => replica.migrate(MIGRATIONS_FOLDER)));

      // Assert
      expect(results.map((r) => r.status)).toStrictEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(await tableCount(fresh.url, 'notes')).toBe(1);
      expect(await appliedMigrationCount(fresh.url)).toBe(1);
    } finally {
      await Promise.all([...openDatabases].map(close));
      await fresh.drop();
    }
  });

  it('when the database is closed, then ping rejects', async () => {
    // Arrange
    const database = openPg(testDatabase.url);
    await database.ping();

    // Act
    await close(database);

    // Assert
    await expect(database.ping()).rejects.toThrow();
  });

  it('when the server ends a connection while it is checked out between statements, as a shutdown does, then that work fails and the process lives on', async () => {
    // Arrange
    const database = openPg(testDatabase.url);
    await database.migrate(MIGRATIONS_FOLDER);

    // Act
    const work = database.db.transaction(async (tx) => {
      const { rows } = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as { rows: { pid: number }[] };
      await queryRows(testDatabase.url, 'SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // The server's farewell arrives while no statement runs: no query is there to take the error.
      await sleep(300);
      await tx.execute(sql`SELECT 1`);
    });

    // Assert
    await expect(work).rejects.toThrow();
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('when the server does not answer, then ping rejects', async () => {
    // Arrange
    const database = openPg('postgres://postgres@127.0.0.1:1/nowhere');

    // Act, Assert
    await expect(database.ping()).rejects.toThrow();
  });
});

/**
 * PGlite loads Node built-ins with dynamic import(), which Jest's module sandbox rejects (it needs
 * --experimental-vm-modules), so these scenarios run openDatabase in a plain Node child process:
 * see fixtures/pglite-steps.ts for the steps and what each reports.
 */
async function runPgliteSteps(dataDir: string, ...steps: string[]): Promise<StepResult[]> {
  return runPgliteStepsWith({}, dataDir, ...steps);
}

async function runPgliteStepsWith(env: NodeJS.ProcessEnv, dataDir: string, ...steps: string[]): Promise<StepResult[]> {
  const fixtures = path.join(__dirname, 'fixtures');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(fixtures, 'run-ts.cjs'), path.join(fixtures, 'pglite-steps.ts'), dataDir, ...steps],
    { timeout: 60_000, env: { ...process.env, ...env } },
  );
  return JSON.parse(stdout) as StepResult[];
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('the database drivers', () => {
  /**
   * Which of the heavy libraries that a service may not need a fresh copy of common has required,
   * before and after `open` runs with it.
   */
  async function driversLoaded(open: (common: typeof import('../src')) => Promise<void>) {
    const loaded = new Set<string>();
    const drivers = ['pg', '@electric-sql/pglite', 'express-validator'];
    let common!: typeof import('../src');
    jest.isolateModules(() => {
      for (const driver of drivers) {
        jest.doMock(driver, () => {
          loaded.add(driver);
          return jest.requireActual(driver);
        });
      }
      common = jest.requireActual<typeof import('../src')>('../src');
    });
    const atLoad = [...loaded];
    await open(common);
    for (const driver of drivers) jest.dontMock(driver);
    return { atLoad, afterOpen: [...loaded] };
  }

  it('when common is loaded, then neither driver is, nor express-validator; opening a PostgreSQL database loads pg alone', async () => {
    const testDb = await createTestDatabase('drivers');
    try {
      const loaded = await driversLoaded(async (common) => {
        const database = common.openDatabase({ schema, url: testDb.url, logger: silentLogger() });
        await database.ping();
        await database.close();
      });

      expect(loaded).toStrictEqual({ atLoad: [], afterOpen: ['pg'] });
    } finally {
      await testDb.drop();
    }
  });
});

describe('openDatabase with embedded PGlite', () => {
  let tempDir: string;

  beforeEach(async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), 'common-pglite-'));
  });

  afterEach(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('when migrated and written to, then the row survives a close and reopen', async () => {
    // Arrange
    const dataDir = path.join(tempDir, 'nested', 'pglite');

    // Act
    const [write, read] = await runPgliteSteps(dataDir, 'write:persisted', 'read');

    // Assert
    expect(write).toStrictEqual({ step: 'write', driver: 'pglite' });
    expect(read).toStrictEqual({
      step: 'read',
      rows: [{ id: 1, body: 'persisted', createdAt: expect.stringMatching(ISO_TIMESTAMP) }],
      appliedMigrations: 1,
    });
  });

  it('when reopened by another process, then the rows are still there and migrations are not applied again', async () => {
    // Arrange
    await runPgliteSteps(tempDir, 'write:first', 'write:second');

    // Act
    const [read] = await runPgliteSteps(tempDir, 'read');

    // Assert
    expect(read).toMatchObject({ rows: [{ id: 1, body: 'first' }, { id: 2, body: 'second' }], appliedMigrations: 1 });
  });

  it('when the database is closed, then ping rejects', async () => {
    // Arrange, Act
    const [result] = await runPgliteSteps(tempDir, 'ping-after-close');

    // Assert
    expect(result).toMatchObject({ beforeClose: 'resolved', afterClose: expect.stringMatching(/^rejected/) });
  });

  it('when a template is given, then each new database starts as a copy of its cluster and keeps its own rows, on 16MB of shared buffers', async () => {
    // Arrange: made once, then found there.
    const template = path.join(tempDir, 'cache', 'template');
    const made = await runPgliteSteps(path.join(tempDir, 'unused'), `make-template:${template}`, `make-template:${template}`);
    const withTemplate = { PGLITE_TEMPLATE_DIR: template };

    // Act
    const [, first] = await runPgliteStepsWith(withTemplate, path.join(tempDir, 'first'), 'write:first', 'cluster');
    const [, second, secondRows] = await runPgliteStepsWith(withTemplate, path.join(tempDir, 'second'), 'write:second', 'cluster', 'read');
    const [initialised] = await runPgliteSteps(path.join(tempDir, 'initialised'), 'cluster');

    // Assert: copies share the template's system identifier, which initdb makes anew for every cluster.
    expect(made.map((result) => (result as { made: string }).made)).toStrictEqual(['created', 'present']);
    expect(first).toMatchObject({ step: 'cluster', sharedBuffers: '16MB' });
    expect(second).toStrictEqual(first);
    expect(initialised).toMatchObject({ step: 'cluster', sharedBuffers: '16MB' });
    expect(initialised).not.toStrictEqual(first);
    expect(secondRows).toMatchObject({ rows: [{ body: 'second' }], appliedMigrations: 1 });
    expect(await readdir(path.dirname(template))).toStrictEqual(['template']);
  });

  it('when neither a url nor a dataDir is given, then openDatabase throws', () => {
    expect(() => openDatabase({ schema, logger: silentLogger() })).toThrow('openDatabase needs a url or a dataDir');
  });
});

describe('createTestDatabase', () => {
  it('when created, then a database with the prefixed name exists and its url connects to it', async () => {
    // Arrange, Act
    const created = await createTestDatabase('My-Service');

    try {
      // Assert
      expect(created.name).toMatch(/^my_service_[a-z0-9]+_[0-9a-f]{8}$/);
      expect(await databaseExists(created.name)).toBe(true);
      const [row] = await queryRows<{ name: string }>(created.url, 'SELECT current_database() AS name');
      expect(row?.name).toBe(created.name);
    } finally {
      await created.drop();
    }
  });

  it('when dropped while a connection is still open, then the database is gone', async () => {
    // Arrange
    const created = await createTestDatabase('common_drop');
    const lingering = new pg.Client({ connectionString: created.url });
    lingering.on('error', () => {});
    await lingering.connect();

    // Act
    await created.drop();

    // Assert
    expect(await databaseExists(created.name)).toBe(false);
    await lingering.end().catch(() => {});
  });

  it('when two are created, then their names differ', async () => {
    // Arrange, Act
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);

    // Assert
    expect(a.name).not.toBe(b.name);
    await Promise.all([a.drop(), b.drop()]);
  });
});
