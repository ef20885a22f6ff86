import { ServiceUnavailableError } from './http-errors';

/**
 * Network failures of a connection to a dependency: it is down, restarting, or unreachable for now.
 * EAI_AGAIN and ENOTFOUND are included because inside Kubernetes a Service's name stops resolving
 * while its pods are replaced.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that cannot serve right now, or a statement that may well
 * succeed when tried again: connection exceptions (class 08), too many connections, the server
 * shutting down or starting, a statement or lock timeout, an idle-in-transaction timeout, and the
 * serialization and deadlock failures PostgreSQL itself says to retry.
 */
const RETRYABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03', '57014', '55P03', '25P03', '40001', '40P01']);

/** Messages of the pg driver, nats.js and ioredis for a connection that is gone or never came. */
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /not queryable/i,
  /connection is closed/i,
  /connection lost/i,
  /jetstream (is )?not (enabled|available)/i,
  /temporarily unavailable/i,
];

/** nats.js's error classes for a server that is away or slow, by name so no driver is imported here. */
const TRANSIENT_ERROR_NAMES = new Set(['ConnectionError', 'TimeoutError', 'NoRespondersError', 'RequestError', 'MaxRetriesPerRequestError', 'HandlerTimeoutError']);

function* causes(err: unknown): Generator<object> {
  const seen = new Set<unknown>();
  const pending = [err];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    yield current;
    pending.push((current as { cause?: unknown }).cause);
    // Node reports a refused connection to every address of a host as one AggregateError.
    if (Array.isArray((current as { errors?: unknown }).errors)) pending.push(...(current as { errors: unknown[] }).errors);
  }
}

/**
 * True when `err` comes from a dependency that is unavailable for now (a database, NATS, Redis,
 * Stripe) rather than from the request or a bug: such work is waited out and tried again, never
 * given up on. Wrappers (drizzle's query errors, AggregateError) are looked through.
 */
export function isUnavailableError(err: unknown): boolean {
  for (const current of causes(err)) {
    if (current instanceof ServiceUnavailableError) return true;
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || RETRYABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (typeof name === 'string' && TRANSIENT_ERROR_NAMES.has(name)) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
