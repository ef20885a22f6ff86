import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server the suite started for itself, with its data under the local data folder. */
export interface LocalServer {
  name: string;
  url: string;
  stop(): Promise<void>;
}

export class MissingServerError extends Error {
  constructor(readonly missing: string[]) {
    super(
      [
        `Ticketing needs ${missing.join(' and ')}: set ${missing.map((m) => (m === 'nats-server' ? 'NATS_URL' : 'REDIS_URL')).join(' / ')} to a running server, or install:`,
        `  Debian/Ubuntu: sudo apt-get install -y ${missing.map((m) => (m === 'nats-server' ? 'nats-server' : 'redis-server')).join(' ')}`,
        `  macOS:         brew install ${missing.map((m) => (m === 'nats-server' ? 'nats-server' : 'redis')).join(' ')}`,
      ].join('\n'),
    );
    this.name = 'MissingServerError';
  }
}

/** Debian installs nats-server under /usr/sbin, which is not on every user's PATH. */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/bin', '/usr/local/bin'];

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...EXTRA_DIRS].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** A port nothing listens on right now, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
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

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`${name} did not open port ${port} within ${timeoutMs} ms`);
}

async function startServerProcess(name: string, executable: string, args: string[], port: number, log: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log);
  child.stdout!.on('data', forward);
  child.stderr!.on('data', forward);
  await waitForPort(port, child, name);
  return child;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}

/** nats-server with JetStream, its store under `dataDir/nats`. */
export async function startNats(executable: string, dataDir: string, log: (line: string) => void): Promise<LocalServer> {
  const storeDir = path.join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const port = await freePort();
  const child = await startServerProcess('nats-server', executable, ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], port, log);
  return { name: 'nats-server', url: `nats://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}

/** redis-server keeping its data in an append-only file under `dataDir/redis`, so timers survive. */
export async function startRedis(executable: string, dataDir: string, log: (line: string) => void): Promise<LocalServer> {
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'];
  const child = await startServerProcess('redis-server', executable, args, port, log);
  return { name: 'redis-server', url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}
