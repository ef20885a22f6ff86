import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import { findPostgres, findServers, missingServersMessage, startPostgres, startServers, type LocalServer, type ServerName } from '../src/infrastructure';

// These start the real servers from this machine's installation, as `npm test` and `npm start` do.
const silent = () => {};
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'local-servers-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function installed<S extends ServerName>(name: S) {
  const { found, missing } = findServers([name]);
  if (missing.length > 0) throw new Error(missingServersMessage(missing, 'npm test'));
  return found[name]!;
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  // One cluster for these tests, since initdb takes a second; each leaves it running.
  let postgresDir: string;
  let postgres: LocalServer;
  beforeAll(async () => {
    postgresDir = mkdtempSync(path.join(tmpdir(), 'local-postgres-'));
    postgres = await startPostgres(installed('postgres'), postgresDir, silent);
  });
  afterAll(async () => {
    await postgres.stop();
    rmSync(postgresDir, { recursive: true, force: true });
  });

  it('when it has started, then user postgres connects without a password, and fsync is off', async () => {
    const { rows } = await query(postgres.url, 'SHOW fsync');

    expect(new URL(postgres.url).password).toBe('');
    expect(rows).toStrictEqual([{ fsync: 'off' }]);
  });

  it('when it runs, then its processes belong to the postgres user if this is root, else to this user', async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');

    const status = readFileSync(`/proc/${rows[0].pid}/status`, 'utf8');
    await client.end();
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
    const postgresUid = () => Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    expect(uid).toBe(process.getuid!() === 0 ? postgresUid() : process.getuid!());
  });

  it('when it is stopped, then it refuses connections, and started again it serves its rows on the same port', async () => {
    await query(postgres.url, "CREATE TABLE kept_over_stop AS SELECT 'before the stop' AS note");

    await postgres.stop();
    await expect(query(postgres.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    await postgres.start();

    expect((await query(postgres.url, 'SELECT note FROM kept_over_stop')).rows).toStrictEqual([{ note: 'before the stop' }]);
  });

  it('when it is killed, then started again it recovers every committed row', async () => {
    await query(postgres.url, 'CREATE TABLE kept_over_kill AS SELECT generate_series(1, 1000) AS n');

    await postgres.kill();
    await postgres.start();

    expect((await query(postgres.url, 'SELECT count(*)::int AS rows FROM kept_over_kill')).rows).toStrictEqual([{ rows: 1000 }]);
  });
});

describe('startServers', () => {
  it('when NATS is stopped and started again, then its stream and messages are there on the same port', async () => {
    const { nats } = await startServers({ nats: installed('nats') }, dataDir);
    try {
      const before = await connectNats({ servers: nats!.url });
      await (await jetstreamManager(before)).streams.add({ name: 'KEPT', subjects: ['kept.>'] });
      await jetstream(before).publish('kept.one', 'before the stop');
      await before.close();

      await nats!.stop();
      await nats!.start();

      const after = await connectNats({ servers: nats!.url });
      const message = await (await jetstreamManager(after)).streams.getMessage('KEPT', { seq: 1 });
      await after.close();
      expect(message?.string()).toBe('before the stop');
    } finally {
      await nats!.stop();
    }
  });

  it('when Redis is stopped and started again, then its keys are there on the same port', async () => {
    const { redis } = await startServers({ redis: installed('redis') }, dataDir);
    try {
      const before = new Redis(redis!.url);
      await before.set('kept', 'before the stop');
      before.disconnect();

      await redis!.stop();
      await redis!.start();

      const after = new Redis(redis!.url);
      const value = await after.get('kept');
      after.disconnect();
      expect(value).toBe('before the stop');
    } finally {
      await redis!.stop();
    }
  });

  it('when one server fails to start, then the error gives its last lines and the others are stopped', async () => {
    const broken = path.join(dataDir, 'broken-redis-server');
    writeFileSync(broken, '#!/bin/sh\necho "FATAL: broken" >&2\nexit 1\n', { mode: 0o755 });

    const started = startServers({ nats: installed('nats'), redis: broken }, dataDir);

    await expect(started).rejects.toThrow(/^redis-server exited \(1\) while starting; its last lines:\nFATAL: broken$/);
    const processesUsingDataDir = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
        } catch {
          return false;
        }
      });
    expect(processesUsingDataDir).toStrictEqual([]);
  });
});

describe('findPostgres', () => {
  it('when PostgreSQL is installed here, then initdb and postgres come from one folder', () => {
    const postgres = findPostgres();

    expect('initdb' in postgres && path.dirname(postgres.initdb) === path.dirname(postgres.postgres)).toBe(true);
  });
});
