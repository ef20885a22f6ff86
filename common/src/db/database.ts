import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Client as PgClient } from 'pg';
import type { Logger } from 'pino';

/**
 * Drizzle over either driver: services write their queries once against this type. Schemas name
 * fields in camelCase and the columns are snake_case, as drizzle-kit generates them.
 */
export type Db<S extends Record<string, unknown>> = PgDatabase<PgQueryResultHKT, S>;

export interface Database<S extends Record<string, unknown>> {
  db: Db<S>;
  driver: 'pg' | 'pglite';
  /** Applies the service's committed drizzle-kit migrations; safe when several replicas start at once. */
  migrate(migrationsFolder: string): Promise<void>;
  /** Resolves when the database answers a query: the readiness check. */
  ping(): Promise<void>;
  /**
   * Calls `onNotify` with the payload of each NOTIFY on `channel` (LISTEN). Best effort: a lost
   * connection is re-established, and callers poll as well. Each time the connection is
   * (re)established, `onNotify('')`: whatever was announced meanwhile was missed. Resolves to an
   * unsubscribe function.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions<S extends Record<string, unknown>> {
  schema: S;
  /** A PostgreSQL URL; without one, embedded PGlite keeps the data in `dataDir`. */
  url?: string;
  dataDir?: string;
  /** An initialised PGlite data directory that a new `dataDir` starts as a copy of, instead of initdb. */
  pgliteTemplateDir?: string;
  logger: Logger;
  poolSize?: number;
  /** How long to wait for a connection, new or from the pool, before the call fails as unavailable. */
  connectTimeoutMs?: number;
  /** The server cancels any statement running longer (a stuck lock, a runaway query). */
  statementTimeoutMs?: number;
  /** The server ends a session left idle inside a transaction this long, releasing its locks. */
  idleInTransactionTimeoutMs?: number;
}

/** TCP keepalive finds a server that vanished without closing the connection (a killed node). */
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;

/**
 * Every replica runs the migrations at start; a session-level advisory lock makes the others wait
 * while the first applies them, after which they find nothing to do. The key is arbitrary but fixed.
 */
const MIGRATION_LOCK_KEY = 727_274_646;

/**
 * Each driver is required when a database is opened with it, not when this module loads: a service
 * on PostgreSQL never runs PGlite, one on PGlite never runs pg, and one without a database (expiration)
 * runs neither. Loaded, each costs its process several MiB.
 */
export function openDatabase<S extends Record<string, unknown>>(options: OpenDatabaseOptions<S>): Database<S> {
  const { schema, logger } = options;
  if (options.url) {
    const pg = require('pg') as typeof import('pg');
    const { drizzle: drizzlePg } = require('drizzle-orm/node-postgres') as typeof import('drizzle-orm/node-postgres');
    const { migrate: migratePg } = require('drizzle-orm/node-postgres/migrator') as typeof import('drizzle-orm/node-postgres/migrator');
    const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: statementTimeoutMs,
      // The client gives up a little after the server would have cancelled: a server that stopped
      // answering altogether then fails the call instead of hanging it.
      query_timeout: statementTimeoutMs + 5_000,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 30_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    });
    // A client that loses its server emits 'error', which unhandled would crash the process. The
    // pool listens only while a client is idle; one checked out between statements (inside a
    // transaction, say) has no listener when PostgreSQL shuts down, so each client gets its own. The
    // work on it fails with its next statement, and the pool drops the client when it comes back.
    pool.on('connect', (client) => client.on('error', (err) => logger.warn({ err }, 'database connection lost')));
    // The pool re-emits an idle client's error here; its own listener has logged it already.
    pool.on('error', () => undefined);
    return {
      db: drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db<S>,
      driver: 'pg',
      async migrate(migrationsFolder) {
        const client = await pool.connect();
        try {
          // Waiting for another replica's migrations, and the migrations themselves, may take longer
          // than any request should.
          await client.query('SET statement_timeout = 0');
          await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          try {
            await migratePg(drizzlePg({ client, schema, casing: 'snake_case' }), { migrationsFolder });
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
          }
        } finally {
          // Closed rather than pooled: it no longer has the statement timeout every other one has.
          client.release(true);
        }
      },
      async ping() {
        await pool.query('SELECT 1');
      },
      listen: (channel, onNotify) => listenWithPg(options.url!, channel, onNotify, logger),
      close: () => pool.end(),
    };
  }

  if (!options.dataDir) throw new Error('openDatabase needs a url or a dataDir');
  const { openPglite } = require('./pglite') as typeof import('./pglite');
  const { drizzle: drizzlePglite } = require('drizzle-orm/pglite') as typeof import('drizzle-orm/pglite');
  const { migrate: migratePglite } = require('drizzle-orm/pglite/migrator') as typeof import('drizzle-orm/pglite/migrator');
  const client = openPglite(options.dataDir, options.pgliteTemplateDir);
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db<S>,
    driver: 'pglite',
    migrate: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
    async ping() {
      await db.execute(sql`SELECT 1`);
    },
    async listen(channel, onNotify) {
      const unsubscribe = await client.listen(channel, (payload) => onNotify(payload));
      return () => unsubscribe();
    },
    close: () => client.close(),
  };
}

/** LISTEN needs a connection of its own, outside the pool, kept open and re-opened when it drops. */
async function listenWithPg(url: string, channel: string, onNotify: (payload: string) => void, logger: Logger): Promise<() => Promise<void>> {
  const pg = require('pg') as typeof import('pg');
  let client: PgClient | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    const next = new pg.Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS });
    next.on('notification', (message) => message.channel === channel && onNotify(message.payload ?? ''));
    next.on('error', (err) => {
      logger.warn({ err, channel }, 'LISTEN connection lost; reconnecting');
      next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => open().catch(() => undefined), 1000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      client = next;
      onNotify('');
    } catch (err) {
      next.end().catch(() => undefined);
      if (closed) return;
      logger.warn({ err, channel }, 'LISTEN failed; retrying');
      retry = setTimeout(() => open().catch(() => undefined), 1000);
    }
  };
  await open();
  return async () => {
    closed = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
