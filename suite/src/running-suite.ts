import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, testBusNames, type TestDatabase } from '@ticketing/common/testing';
import { freePortBlock } from './infrastructure';
import { databaseUrlVariable, services, webApp } from './services';

export interface RunningSuite {
  baseUrl: string;
  /** A service's own address, without the gateway, as the launcher assigns it (the gateway's port plus its offset). */
  serviceUrl(service: string): string;
  /** Each database-backed service's own PostgreSQL URL, by service name. */
  databaseUrls: Record<string, string>;
  /** The suite's own stream and subject prefix on the NATS server at NATS_URL. */
  bus: { stream: string; subjectPrefix: string };
  /** From spawning the launcher to its "Ticketing is up" line. */
  startupMs: number;
  /** The launcher's own process, which also serves the gateway. */
  launcherPid: number;
  /** Every line the launcher printed so far. */
  output: string[];
  /** Whether the launcher started a process of that name (the orders worker runs only on PostgreSQL). */
  runs(service: string): boolean;
  /** The current pid of a service's process, from the launcher's "started (pid …)" lines. */
  pidOf(service: string): number;
  /** Resolves when the launcher prints a line matching `pattern` after `fromLine`. */
  waitForLine(pattern: RegExp, fromLine?: number, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface SuiteOptions {
  /** Give each service embedded PGlite in the data folder, as a bare `npm start` does. */
  embeddedDatabases?: boolean;
  /** The launcher's data folder, kept after stop so that a later start finds its data; by default a temporary one, removed on stop. */
  dataDir?: string;
}

/** How the launcher announces a process it started, before its pid. */
const startedLine = (service: string) => `| ${service} started (pid `;

/**
 * Starts the real suite the way `npm start` does (the built launcher, every service as a process),
 * but against the machine's PostgreSQL, NATS and Redis, with databases, a stream and a queue of
 * the test's own.
 */
export async function startSuite(extraEnv: NodeJS.ProcessEnv = {}, { embeddedDatabases = false, dataDir: keptDataDir }: SuiteOptions = {}): Promise<RunningSuite> {
  const port = await freePortBlock(webApp.portOffset + 1);
  const bus = testBusNames('suite');
  const databases: TestDatabase[] = [];
  const databaseEnv: NodeJS.ProcessEnv = {};
  const databaseUrls: Record<string, string> = {};
  for (const service of services.filter((s) => s.needs.database && !embeddedDatabases)) {
    const db = await createTestDatabase(`e2e_${service.name}`);
    databases.push(db);
    databaseEnv[databaseUrlVariable(service)] = db.url;
    databaseUrls[service.name] = db.url;
  }
  const dataDir = keptDataDir ?? mkdtempSync(path.join(tmpdir(), 'ticketing-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    NATS_URL: bus.servers,
    NATS_STREAM: bus.stream,
    NATS_SUBJECT_PREFIX: bus.subjectPrefix,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    EXPIRATION_QUEUE: `e2e-${bus.subjectPrefix}`,
    LOG_LEVEL: 'warn',
    ...databaseEnv,
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.STRIPE_SECRET_KEY;

  const spawnedAt = Date.now();
  const launcher: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, '../dist/start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  const collect = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    output.push(...parts);
    waiters.forEach((wake) => wake());
  };
  launcher.stdout!.on('data', collect);
  launcher.stderr!.on('data', collect);

  const waitForLine = (pattern: RegExp, fromLine = 0, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output.slice(fromLine).find((l) => pattern.test(l));
        if (line !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(line);
        } else if (launcher.exitCode !== null) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`the suite exited (${launcher.exitCode}) before printing ${pattern}:\n${output.slice(-30).join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no line matched ${pattern} within ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const stop = async () => {
    if (launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGTERM');
      await exited;
    }
    await Promise.all(databases.map((db) => db.drop()));
    await bus.cleanUp();
    if (!keptDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForLine(/Ticketing is up at/, 0, 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const startupMs = Date.now() - spawnedAt;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    serviceUrl(name) {
      const service = [...services, webApp].find((s) => s.name === name);
      if (!service) throw new Error(`no service is named ${name}`);
      return `http://127.0.0.1:${port + service.portOffset}`;
    },
    databaseUrls,
    bus: { stream: bus.stream, subjectPrefix: bus.subjectPrefix },
    startupMs,
    launcherPid: launcher.pid!,
    output,
    runs: (service) => output.some((l) => l.includes(startedLine(service))),
    pidOf(service) {
      const started = output.filter((l) => l.includes(startedLine(service)));
      const pid = /\(pid (\d+)\)/.exec(started.at(-1) ?? '')?.[1];
      if (!pid) throw new Error(`no pid printed for ${service}`);
      return Number(pid);
    },
    waitForLine,
    stop,
  };
}

/** A browser-like client of the gateway: JSON in and out, and the session cookie kept. */
export class Visitor {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body?: unknown) => this.call('POST', path, body ?? {});
  put = (path: string, body: unknown) => this.call('PUT', path, body);
}
