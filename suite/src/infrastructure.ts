import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { busUsers, natsAuthorizationConf, type BusNames, type BusUser } from '@ticketing/common';
// The build does not copy JavaScript into dist/, so this import goes through ../src/ from both.
import { missingServersMessage, type Missing, type PostgresBinaries, type RunAs, type ServerName, type ServersToStart } from '../src/find-servers.cjs';

export { findExecutable, findPostgres, findServers, findTestServers, missingServersMessage, servers } from '../src/find-servers.cjs';
export type { Missing, PostgresBinaries, ServerName, ServersToStart } from '../src/find-servers.cjs';

/**
 * A server the suite started for itself, with its data in a folder of its own. Stopped or killed, it
 * keeps its port and its data, so that `start` brings it back as it was.
 */
export interface LocalServer {
  name: string;
  url: string;
  port: number;
  /** Stops it as its operator would, and resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again and resolves once it serves; does nothing while it runs. */
  start(): Promise<void>;
}

export class MissingServerError extends Error {
  constructor(readonly missing: Missing[]) {
    super(missingServersMessage(missing, 'npm start'));
    this.name = 'MissingServerError';
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    // No host, as the services listen: every interface, IPv6 and IPv4.
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Where the OS picks the local ports of outgoing connections (Linux); elsewhere IANA's range. */
function ephemeralPortsStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 49152;
  } catch {
    return 49152;
  }
}

/**
 * `size` consecutive free ports, for a gateway and the services counted up from it. They are taken
 * below the ephemeral range: a port in it may be in use as the local end of any outgoing
 * connection (to PostgreSQL, say) by the time a service gets round to listening on it.
 */
export async function freePortBlock(size: number): Promise<number> {
  const lowest = 20_000;
  const highest = Math.max(lowest + size, ephemeralPortsStart()) - size;
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = lowest + Math.floor(Math.random() * (highest - lowest));
    let free = true;
    for (let port = base; port < base + size && free; port++) free = await canListen(port);
    if (free) return base;
  }
  throw new Error(`found no ${size} consecutive free ports from ${lowest} to ${highest + size}`);
}

/** A port for a server that may stop and start again on it: below the ephemeral range, so no outgoing connection takes it meanwhile. */
const serverPort = () => freePortBlock(1);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const running = (child: ChildProcess | undefined): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;

/** Sends `signal` and resolves once the process is gone, with SIGKILL after 10 s. */
function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill(signal);
  });
}

interface ServerProcess {
  name: string;
  url: string;
  port: number;
  command: string;
  args: string[];
  /** The signal of a graceful stop. */
  stopSignal: NodeJS.Signals;
  /** A line it logs once it serves, for a server that opens its port before it can answer. */
  readyLine?: RegExp;
}

function localServer({ name, url, port, command, args, stopSignal, readyLine }: ServerProcess, log: (line: string) => void, timeoutMs = 30_000): LocalServer {
  let child: ChildProcess | undefined;
  const start = async () => {
    if (running(child)) return;
    const started = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const lastLines: string[] = [];
    started.once('error', (err) => lastLines.push(err.message));
    const closed = new Promise((resolve) => started.once('close', resolve));
    let loggedReady = false;
    for (const stream of [started.stdout!, started.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log(line);
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        if (readyLine?.test(line)) loggedReady = true;
      });
    }
    const deadline = Date.now() + timeoutMs;
    while (!(readyLine ? loggedReady : await portOpen(port))) {
      const failure = !running(started) ? `exited (${started.exitCode ?? started.signalCode}) while starting` : Date.now() > deadline ? `did not serve on port ${port} within ${timeoutMs} ms` : undefined;
      if (failure) {
        started.kill('SIGKILL');
        // Its last words (a FATAL line, say) may still be in the pipe.
        await closed;
        throw new Error(`${name} ${failure}; its last lines:\n${lastLines.join('\n')}`);
      }
      await sleep(50);
    }
  };
  return {
    name,
    url,
    port,
    start,
    stop: () => (child ? stopProcess(child, stopSignal) : Promise.resolve()),
    kill: () => (child ? stopProcess(child, 'SIGKILL') : Promise.resolve()),
  };
}

/** `command args` as `runAs`, if given: setpriv switches user and then becomes the command, so signals reach it. */
function asUser(runAs: RunAs | undefined, command: string, args: string[]): { command: string; args: string[] } {
  if (!runAs) return { command, args };
  return { command: runAs.setpriv, args: ['--reuid', String(runAs.uid), '--regid', String(runAs.gid), '--init-groups', '--', command, ...args] };
}

/**
 * PostgreSQL of the suite's own: a cluster under `dataDir/postgres` (made on the first start), user
 * postgres with trust auth, loopback only, and fsync off, as what it holds is not worth a disk flush.
 */
export async function startPostgres(binaries: PostgresBinaries, dataDir: string, log: (line: string) => void): Promise<LocalServer> {
  const dir = path.join(dataDir, 'postgres');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { runAs } = binaries;
  if (runAs) {
    // Its user must own its folder, and pass through the one above (a fresh temporary folder is 0700).
    chownSync(dir, runAs.uid, runAs.gid);
    chmodSync(dataDir, statSync(dataDir).mode | 0o111);
  }
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    const initdb = asUser(runAs, binaries.initdb, ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    await promisify(execFile)(initdb.command, initdb.args).catch((err: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed: ${err.stderr || err.message}`);
    });
  }
  const port = await serverPort();
  // fsync off loses data only when the machine goes down; synchronous_commit off would also lose the
  // last commits when PostgreSQL is killed, as a test of crashes does.
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'fsync=off', 'lc_messages=C'];
  const server = localServer(
    {
      name: 'postgres',
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      ...asUser(runAs, binaries.postgres, ['-D', dir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]),
      // SIGTERM would wait for every client to hang up; SIGINT is PostgreSQL's fast shutdown.
      stopSignal: 'SIGINT',
      // It listens while it still recovers, and answers "the database system is starting up" until then.
      readyLine: /database system is ready to accept connections/,
    },
    log,
  );
  await server.start();
  return server;
}

/** The users a nats-server accepts: every one of bus/permissions.ts, for the stream and prefix in `names`. */
export interface NatsAuthorization {
  names: BusNames;
  passwords: Record<BusUser, string>;
}

/**
 * The NATS users' passwords of a local run, generated on the first start into `dataDir` (readable by
 * its owner only) and kept, like the session key.
 */
export function localNatsPasswords(dataDir: string): Record<BusUser, string> {
  const file = path.join(dataDir, 'nats-passwords.json');
  const kept: Partial<Record<BusUser, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const missing = busUsers.filter((user) => typeof kept[user] !== 'string');
  for (const user of missing) kept[user] = randomBytes(24).toString('hex');
  if (missing.length > 0) writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
  return kept as Record<BusUser, string>;
}

/**
 * nats-server with JetStream, its store under `dataDir/nats`. With `authorization`, only its users
 * may connect, each with its permissions; without, anyone may do anything (the test runner's).
 */
export async function startNats(executable: string, dataDir: string, log: (line: string) => void, authorization?: NatsAuthorization): Promise<LocalServer> {
  const storeDir = path.join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const port = await serverPort();
  const args = ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)];
  if (authorization) {
    // Written on every start, so the permissions are those of the code that runs; it holds the passwords.
    const config = path.join(dataDir, 'nats-server.conf');
    writeFileSync(config, natsAuthorizationConf(authorization.names, (user) => ({ text: authorization.passwords[user] })), { mode: 0o600 });
    chmodSync(config, 0o600);
    args.push('-c', config);
  }
  const server = localServer({ name: 'nats-server', url: `nats://127.0.0.1:${port}`, port, command: executable, args, stopSignal: 'SIGTERM' }, log);
  await server.start();
  return server;
}

/** redis-server keeping its data in an append-only file under `dataDir/redis`, so timers survive. */
export async function startRedis(executable: string, dataDir: string, log: (line: string) => void): Promise<LocalServer> {
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await serverPort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'];
  const server = localServer({ name: 'redis-server', url: `redis://127.0.0.1:${port}`, port, command: executable, args, stopSignal: 'SIGTERM' }, log);
  await server.start();
  return server;
}

/**
 * Starts the servers `found` names side by side, each with its data under `dataDir` and its output
 * to `logs[server]` (a server without one is silent), NATS with `natsAuthorization` if given. If one
 * fails, the others are stopped before the error is thrown, so that nothing outlives it.
 */
export async function startServers(
  found: ServersToStart,
  dataDir: string,
  logs: Partial<Record<ServerName, (line: string) => void>> = {},
  natsAuthorization?: NatsAuthorization,
): Promise<Partial<Record<ServerName, LocalServer>>> {
  const silent = () => {};
  const starting: [ServerName, Promise<LocalServer>][] = [];
  if (found.postgres) starting.push(['postgres', startPostgres(found.postgres, dataDir, logs.postgres ?? silent)]);
  if (found.nats) starting.push(['nats', startNats(found.nats, dataDir, logs.nats ?? silent, natsAuthorization)]);
  if (found.redis) starting.push(['redis', startRedis(found.redis, dataDir, logs.redis ?? silent)]);
  const results = await Promise.allSettled(starting.map(([, server]) => server));
  const up = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(up.map((server) => server.stop()));
    throw failure.reason;
  }
  return Object.fromEntries(starting.map(([name], i) => [name, up[i]]));
}
