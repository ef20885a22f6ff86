import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPostgres, findServers, findTestServers, missingServersMessage } from '../src/find-servers.cjs';

const asRoot = process.getuid?.() === 0;
let root: string;

/** A folder holding executables with these names, standing in for an installation. */
function installed(folder: string, ...names: string[]): string {
  const dir = path.join(root, folder);
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'find-servers-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findServers', () => {
  it('when only nats-server is installed, then it is found and redis-server is missing', () => {
    const bin = installed('bin', 'nats-server');

    const { found, missing } = findServers(['nats', 'redis'], [bin]);

    expect(found).toStrictEqual({ nats: path.join(bin, 'nats-server') });
    expect(missing).toStrictEqual([{ server: 'redis' }]);
  });

  it('when a folder holds initdb without postgres, then the folder that holds both is chosen', () => {
    const partial = installed('partial', 'initdb');
    const whole = installed('whole', 'initdb', 'postgres');

    const postgres = findPostgres([partial, whole, '/usr/bin', '/usr/sbin']);

    expect(postgres).toMatchObject({ initdb: path.join(whole, 'initdb'), postgres: path.join(whole, 'postgres') });
  });

  it('when this runs as root, then PostgreSQL is to run as the postgres user through setpriv, and otherwise as this user', () => {
    const whole = installed('whole', 'initdb', 'postgres');

    const postgres = findPostgres([whole, '/usr/bin', '/usr/sbin']);

    const ids = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    expect((postgres as { runAs?: unknown }).runAs).toStrictEqual(asRoot ? { name: 'postgres', uid: ids('-u'), gid: ids('-g'), setpriv: expect.stringMatching(/\/setpriv$/) } : undefined);
  });
});

describe('findTestServers', () => {
  const nothingAnswers = async () => false;

  it('when every variable names a server, then nothing is to be started and nothing is missing', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@db/postgres', NATS_URL: 'nats://bus:4222', REDIS_URL: 'redis://cache:6379' };

    expect(await findTestServers({ env, dirs: [], answers: nothingAnswers })).toStrictEqual({ found: {}, missing: [] });
  });

  it('when NATS answers on its default port and nothing is installed, then PostgreSQL and Redis are missing', async () => {
    const answers = async (port: number) => port === 4222;

    const { missing } = await findTestServers({ env: {}, dirs: [], answers });

    expect(missing).toStrictEqual([{ server: 'postgres' }, { server: 'redis' }]);
  });

  it('when nothing answers and the binaries are installed, then each server is to be started from them', async () => {
    const bin = installed('bin', 'nats-server', 'redis-server', 'initdb', 'postgres');
    const withSetpriv = asRoot ? ['/usr/bin', '/bin'] : [];

    const { found, missing } = await findTestServers({ env: {}, dirs: [bin, ...withSetpriv], answers: nothingAnswers });

    expect(missing).toStrictEqual([]);
    expect(found).toMatchObject({ postgres: { initdb: path.join(bin, 'initdb') }, nats: path.join(bin, 'nats-server'), redis: path.join(bin, 'redis-server') });
  });
});

describe('missingServersMessage', () => {
  const sudo = asRoot ? '' : 'sudo ';

  it('when npm test misses all three, then one message names them, their variables and ports, and the install commands', () => {
    const message = missingServersMessage([{ server: 'postgres' }, { server: 'nats' }, { server: 'redis' }], 'npm test');

    expect(message).toBe(
      [
        'npm test needs PostgreSQL (initdb and postgres), nats-server and redis-server: for each, set its variable (DATABASE_URL / NATS_URL / REDIS_URL) to a running server, serve it on its default port (127.0.0.1:5432 / 127.0.0.1:4222 / 127.0.0.1:6379), or install it and npm test starts a private one:',
        `  Debian/Ubuntu: ${sudo}apt-get install -y postgresql nats-server redis-server`,
        '  macOS:         brew install postgresql@17 nats-server redis',
      ].join('\n'),
    );
  });

  it('when npm start misses NATS and Redis, then it says what it always said', () => {
    const message = missingServersMessage([{ server: 'nats' }, { server: 'redis' }], 'npm start');

    expect(message).toBe(
      [
        'Ticketing needs nats-server and redis-server: set NATS_URL / REDIS_URL to a running server, or install:',
        `  Debian/Ubuntu: ${sudo}apt-get install -y nats-server redis-server`,
        '  macOS:         brew install nats-server redis',
      ].join('\n'),
    );
  });

  it('when PostgreSQL is installed but cannot run, then the message gives the reason and installs only what is not installed', () => {
    const message = missingServersMessage([{ server: 'postgres', problem: 'PostgreSQL refuses to run as root, and …' }, { server: 'redis' }], 'npm test');

    expect(message).toMatch(/^npm test needs redis-server: for each, set its variable \(REDIS_URL\) /);
    expect(message).toContain('apt-get install -y redis-server\n');
    expect(message.split('\n').at(-1)).toBe('PostgreSQL refuses to run as root, and …');
  });
});
