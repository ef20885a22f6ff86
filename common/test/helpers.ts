import { createHash } from 'node:crypto';
import type { Express, Router } from 'express';
import pino, { type Logger } from 'pino';
import { ConfigError, createLogger, createMetrics, createServiceApp, loadConfig, type ErrorBody, type ServiceAppOptions } from '../src';

/** A key long enough for `sessionEnv` (32+ characters). */
export const JWT_KEY = 'test-jwt-key-0123456789-abcdefghijklmnopqrstuvwxyz';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID a test can name by its label (the same label, the same id): event ids must be UUIDs. */
export function uuidFor(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function silentLogger(): Logger {
  return createLogger({ service: 'test', level: 'silent' });
}

export interface LogCapture {
  logger: Logger;
  /** Every line written so far, parsed, with `level` as its label ('info', 'error', ...). */
  entries(): Record<string, unknown>[];
}

/** A pino logger that keeps its lines in memory, for the tests that assert on logs. */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info', formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(line) },
  );
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** The app every service builds, with test defaults; override only what a test is about. */
export function buildApp(overrides: Partial<ServiceAppOptions> = {}): Express {
  return createServiceApp({
    logger: silentLogger(),
    metrics: createMetrics('test'),
    session: { jwtKey: JWT_KEY, secureCookies: false, maxAgeSeconds: 3600 },
    trustProxy: false,
    readiness: {},
    routes: [] as Router[],
    ...overrides,
  });
}

/** The common error body with a single item. */
export function errorBody(message: string, field?: string): ErrorBody {
  return { errors: [field === undefined ? { message } : { message, field }] };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise with its resolve function outside, to let a test know when a route was reached. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

/** What loading `spec` from `source` finds wrong, one entry per variable; none when it loads. */
export function configProblems(spec: Parameters<typeof loadConfig>[0], source: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(spec, source);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
