import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Browsers revalidate a listed page on every view (a 304 costs little), while a shared cache in
 * front (the gateway, an ingress, a CDN) may answer a reload storm from one copy for a second: no
 * buyer sees a hold older than that.
 */
export const LISTED_PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=1, must-revalidate';

interface ListedPage {
  body: Buffer;
  etag: string;
  storedAt: number;
  /** The cache's generation when the page's query began: a change announced since makes it stale. */
  generation: number;
}

export interface ListedPagesOptions {
  /**
   * How long a page is kept without word of a change. It bounds what the announcements cannot
   * carry: what time alone changes (an event starting) and changes made while LISTEN was down.
   * 0 keeps nothing, for an app with no announcements wired.
   */
  maxAgeMs?: number;
  /** Searches make URLs without end; the oldest page goes first past this many. */
  maxEntries?: number;
  /** A clock in milliseconds, injected by tests. */
  now?: () => number;
}

export interface ListedPages {
  /**
   * Answers from memory when this URL's page is kept and current (or 304 to a matching
   * If-None-Match); a request that finds another already reading the same page waits for its
   * answer. Mount it once per listed path, ahead of the route, before validation: one URL always
   * validates the same way, and only pages that were answered 200 are kept or shared.
   */
  serve: RequestHandler;
  /** Answers 200 with `body` as JSON, its ETag and Cache-Control (or 304), and keeps it for the URL that `serve` passed on. */
  send(req: Request, res: Response, body: unknown): void;
  /** Something listed changed: every kept page is stale. */
  invalidate(): void;
}

interface Fill {
  key: string;
  generation: number;
  settle(page: ListedPage | undefined): void;
}

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/**
 * Whether If-None-Match names the representation tagged `etag`, by the weak comparison RFC 9110
 * §13.1.2 asks of it: `W/` aside, the same opaque tag. `*` names any representation there is.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string | undefined): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  if (etag === undefined) return false;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  // Matched tag by tag rather than split on commas, which an entity tag may contain.
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === opaque(etag));
}

/**
 * The public listings' pages, kept in memory per URL and dropped when a change is announced, so a
 * reload storm costs one query per page and change instead of one per view.
 */
export function createListedPages({ maxAgeMs = 1000, maxEntries = 500, now = Date.now }: ListedPagesOptions = {}): ListedPages {
  const pages = new Map<string, ListedPage>();
  const filling = new Map<string, Promise<ListedPage | undefined>>();
  /** The fill each reading request owns, for `send` to find. */
  const fills = new WeakMap<Response, Fill>();
  let generation = 0;

  const isCurrent = (page: ListedPage) => page.generation === generation && now() - page.storedAt < maxAgeMs;

  function answer(req: Request, res: Response, page: ListedPage) {
    res.setHeader('ETag', page.etag);
    res.setHeader('Cache-Control', LISTED_PAGE_CACHE_CONTROL);
    res.setHeader('Age', String(Math.max(0, Math.floor((now() - page.storedAt) / 1000))));
    if (matchesIfNoneMatch(req.headers['if-none-match'], page.etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', page.body.length);
    res.end(page.body);
  }

  function keep(key: string, page: ListedPage) {
    pages.delete(key);
    pages.set(key, page);
    if (pages.size > maxEntries) pages.delete(pages.keys().next().value!);
  }

  const serve: RequestHandler = (req, res, next) => {
    const key = req.originalUrl;
    const kept = pages.get(key);
    if (kept && isCurrent(kept)) return answer(req, res, kept);
    const pending = filling.get(key);
    if (pending) {
      // The page being read overlaps this request, so its answer is as current as this one's would be.
      pending.then((page) => (page ? answer(req, res, page) : next()), next);
      return;
    }
    let settle!: Fill['settle'];
    const fill = new Promise<ListedPage | undefined>((resolve) => (settle = resolve));
    filling.set(key, fill);
    const done = (page: ListedPage | undefined) => {
      if (filling.get(key) === fill) filling.delete(key);
      settle(page);
    };
    fills.set(res, { key, generation, settle: done });
    // A request that failed, or was answered otherwise, lets its waiters read for themselves.
    res.once('close', () => done(undefined));
    next();
  };

  return {
    serve,
    send(req, res, body) {
      const bytes = Buffer.from(JSON.stringify(body));
      const fill = fills.get(res);
      const page: ListedPage = { body: bytes, etag: etagOf(bytes), storedAt: now(), generation: fill?.generation ?? generation };
      if (fill) {
        if (maxAgeMs > 0 && page.generation === generation) keep(fill.key, page);
        fill.settle(page);
      }
      answer(req, res, page);
    },
    invalidate() {
      generation += 1;
      pages.clear();
    },
  };
}
