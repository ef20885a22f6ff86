import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { matchesIfNoneMatch } from '@ticketing/common';

/** A GET or HEAD without a body changes nothing and can be sent again whole: sending it twice does no harm. */
export const isRepeatable = (req: IncomingMessage) =>
  (req.method === 'GET' || req.method === 'HEAD') && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;

export interface SharedCacheOptions {
  /** URLs kept at most, the oldest dropped first: search URLs are endless, memory is not. */
  maxEntries?: number;
  /** A larger answer is passed on but not kept. */
  maxBodyBytes?: number;
  /** The bodies kept, all together, at most; the oldest dropped first. */
  maxTotalBytes?: number;
  /**
   * Requests carrying one of these cookies (the session) go to the service and leave what is kept
   * alone, as nginx's proxy_cache_bypass and proxy_no_cache on a cookie do: whoever is signed in,
   * and may just have changed something, sees it at once; a storm of anonymous visitors is still
   * answered from one copy.
   */
  bypassCookies?: string[];
  /** A clock in milliseconds, injected by tests. */
  now?: () => number;
}

/** Cache-Control's directives by lower-cased name, each with its value if it has one (RFC 9111 §5.2); the first of a repeated one counts. */
function cacheDirectives(header: string | undefined): Map<string, string | undefined> {
  const directives = new Map<string, string | undefined>();
  for (const part of (header ?? '').split(',')) {
    const equals = part.indexOf('=');
    const name = (equals < 0 ? part : part.slice(0, equals)).trim().toLowerCase();
    const value = equals < 0 ? undefined : part.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name && !directives.has(name)) directives.set(name, value);
  }
  return directives;
}

/** A whole number of seconds, as Age and max-age carry it; anything else is no value. */
const deltaSeconds = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

const varyNames = (headers: IncomingHttpHeaders) =>
  (headers.vary ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);

export const requestHeader = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * How many seconds a shared cache may keep this answer, or undefined when it may not keep it. Only
 * what the service calls `public` is kept, which is stricter than RFC 9111 asks: s-maxage alone
 * (Next.js sends it on its pages, for a year) is not enough.
 */
function sharedLifetimeSeconds(status: number, headers: IncomingHttpHeaders): number | undefined {
  if (status !== 200 || headers['set-cookie'] !== undefined || varyNames(headers).includes('*')) return undefined;
  const directives = cacheDirectives(headers['cache-control']);
  if (!directives.has('public') || ['private', 'no-store', 'no-cache'].some((name) => directives.has(name))) return undefined;
  const lifetime = deltaSeconds(directives.has('s-maxage') ? directives.get('s-maxage') : directives.get('max-age'));
  return lifetime !== undefined && lifetime > 0 ? lifetime : undefined;
}

/** What a 304 carries of the 200 it stands for (RFC 9110 §15.4.5), and the age. */
const NOT_MODIFIED_HEADERS = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary', 'age'];
export const notModifiedHeaders = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(NOT_MODIFIED_HEADERS.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]!]));

interface StoredAnswer {
  /** The upstream's headers, less the hop-by-hop ones and its Age. */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /**
   * When the request for it went out: its age counts from then, which also counts the time the
   * upstream took to answer (RFC 9111 §4.2.3).
   */
  requestedAt: number;
  upstreamAgeSeconds: number;
  lifetimeSeconds: number;
  /** The request headers its Vary names, as the request that fetched it sent them. */
  varied: Array<[name: string, value: string | undefined]>;
}

/**
 * A reverse-proxy cache of GET answers, as nginx's proxy_cache or a CDN keeps them: keyed by the path
 * and query as received, not by cookies, since a service calls public only what is the same for
 * everyone. It keeps one variant per URL, and never serves an answer past its lifetime.
 */
export function createSharedCache({ maxEntries = 1000, maxBodyBytes = 1024 * 1024, maxTotalBytes = 32 * 1024 * 1024, now = Date.now }: SharedCacheOptions) {
  // A Map keeps insertion order, so its first key is the oldest answer.
  const answers = new Map<string, StoredAnswer>();
  let totalBytes = 0;

  const drop = (key: string) => {
    const answer = answers.get(key);
    if (!answer) return;
    totalBytes -= answer.body.length;
    answers.delete(key);
  };

  return {
    now,
    /** Whether an answer is kept for this URL, fresh or not: the service has called it public before. */
    holds: (key: string) => answers.has(key),
    /** The kept answer for this request with its age in whole seconds, if it is fresh and its Vary headers are the same. */
    fresh(key: string, req: IncomingMessage): { answer: StoredAnswer; ageSeconds: number } | undefined {
      const answer = answers.get(key);
      if (!answer || !answer.varied.every(([name, value]) => requestHeader(req, name) === value)) return undefined;
      const residentMs = Math.max(0, now() - answer.requestedAt);
      if (residentMs >= (answer.lifetimeSeconds - answer.upstreamAgeSeconds) * 1000) return undefined;
      return { answer, ageSeconds: answer.upstreamAgeSeconds + Math.floor(residentMs / 1000) };
    },
    /**
     * Collects a GET's answer as it streams on to the client, and keeps it once it has arrived whole
     * if the service allows it and it is small enough. An answer that may not be kept drops the one
     * kept before it. Returns whether it reads the body.
     */
    record(key: string, req: IncomingMessage, upstreamRes: IncomingMessage, headers: IncomingHttpHeaders, requestedAt: number): boolean {
      const lifetimeSeconds = sharedLifetimeSeconds(upstreamRes.statusCode ?? 502, headers);
      const upstreamAgeSeconds = deltaSeconds(headers.age) ?? 0;
      const declaredBytes = deltaSeconds(headers['content-length']) ?? 0;
      if (lifetimeSeconds === undefined || upstreamAgeSeconds >= lifetimeSeconds || declaredBytes > maxBodyBytes) {
        drop(key);
        return false;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      upstreamRes.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= maxBodyBytes) chunks.push(chunk);
        else chunks.length = 0;
      });
      upstreamRes.on('end', () => {
        if (!upstreamRes.complete || bytes > maxBodyBytes) return;
        const kept = { ...headers };
        delete kept.age;
        drop(key);
        const body = Buffer.concat(chunks, bytes);
        const varied = varyNames(headers).map((name): [string, string | undefined] => [name, requestHeader(req, name)]);
        answers.set(key, { headers: kept, body, requestedAt, upstreamAgeSeconds, lifetimeSeconds, varied });
        totalBytes += body.length;
        while (answers.size > maxEntries || totalBytes > maxTotalBytes) drop(answers.keys().next().value!);
      });
      return true;
    },
  };
}

/** A kept answer: 304 when the client already has it, otherwise the answer (its headers only, to a HEAD). */
export function answerFromCache(req: IncomingMessage, res: ServerResponse, { answer, ageSeconds }: { answer: StoredAnswer; ageSeconds: number }) {
  const headers = { ...answer.headers, age: String(ageSeconds) };
  if (matchesIfNoneMatch(requestHeader(req, 'if-none-match'), answer.headers.etag)) {
    res.writeHead(304, notModifiedHeaders(headers));
    return res.end();
  }
  res.writeHead(200, { ...headers, 'content-length': String(answer.body.length) });
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/**
 * A GET or HEAD without a body, an Authorization header or a bypassing cookie may be answered from
 * what was fetched for someone else. The request's own Cache-Control and Pragma are not read, as
 * nginx's proxy_cache does not read them: a browser's reload sends max-age=0 (a hard reload
 * no-cache), and honouring that would let the very storm this cache is for through to the
 * service, whose s-maxage already bounds how old an answer may be.
 */
export function mayUseSharedCache(req: IncomingMessage, bypassCookies: string[] = []): boolean {
  if (!isRepeatable(req) || req.headers.authorization !== undefined) return false;
  const cookies = req.headers.cookie;
  if (!cookies || bypassCookies.length === 0) return true;
  const names = new Set(cookies.split(';').map((pair) => pair.split('=')[0]!.trim()));
  return !bypassCookies.some((name) => names.has(name));
}
