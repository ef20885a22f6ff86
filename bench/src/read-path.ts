import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Visitor } from '@ticketing/suite/running-suite';
import { createEvent, issueTickets } from './visitors';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

/** One route of the read path, through the gateway and from a bare server answering its bytes. */
export interface RouteReadResult {
  /** Method and route template, such as `GET /api/events/:id/tickets?sort=price`. */
  route: string;
  gateway: LoadResult;
  bare: LoadResult;
  /** Gateway requests per second over the bare server's. */
  ratio: number;
  bodyBytes: number;
  /** What the page lists, such as "20 tickets". */
  page: string;
}

const WARM_UP_SECONDS = 2;

/** The listings' default page size: the catalogue fills one page of each route the browser opens first. */
const PAGE_SIZE = 20;
/** An event's tickets: five seats in each of four sections, so that sorting by price has something to sort. */
const SECTIONS = [
  { section: 'Stalls', faceValue: 120 },
  { section: 'Dress Circle', faceValue: 85 },
  { section: 'Upper Circle', faceValue: 55 },
  { section: 'Balcony', faceValue: 35 },
];
const SEATS_PER_SECTION = PAGE_SIZE / SECTIONS.length;

/**
 * A page's worth of events, each with a page's worth of seated tickets. They start within the next
 * few weeks, sooner than the rest of the run's events, so they are the first page of GET /api/events.
 */
async function issueCatalogue(organiser: Visitor): Promise<void> {
  for (let i = 0; i < PAGE_SIZE; i++) {
    const eventId = await createEvent(organiser, `Read path night ${i + 1}`, 1 + i);
    for (const { section, faceValue } of SECTIONS) {
      const seats = Array.from({ length: SEATS_PER_SECTION }, (_, seat) => String(seat + 1));
      await issueTickets(organiser, eventId, { faceValue, section, row: 'A', seats });
    }
  }
}

async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  await autocannon({ url, connections, duration: WARM_UP_SECONDS });
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} connection errors and ${result.non2xx} non-2xx answers under load`);
  }
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total };
}

async function startBareServer(body: string, contentType: string, urlPath: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(__dirname, 'bare-server.js'), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve(Number(message)));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    child.send({ body, contentType });
  });
  return { url: `http://127.0.0.1:${port}${urlPath}`, child };
}

async function fetchPage(url: string): Promise<{ body: string; contentType: string }> {
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body}`);
  return { body, contentType: res.headers.get('content-type') ?? 'application/json' };
}

/**
 * One route through the gateway (gateway, tickets service, PostgreSQL), against a bare Node server
 * answering the very same bytes, one after the other with the same load generator settings.
 */
async function measureRoute(baseUrl: string, route: string, urlPath: string, connections: number, seconds: number): Promise<RouteReadResult> {
  const url = `${baseUrl}${urlPath}`;
  const { body, contentType } = await fetchPage(url);
  const listed = JSON.parse(body) as { tickets?: unknown[]; events?: unknown[] };
  const page = listed.events ? `${listed.events.length} events` : `${listed.tickets?.length ?? 0} tickets`;
  const bareServer = await startBareServer(body, contentType, urlPath);
  try {
    const bare = await load(bareServer.url, connections, seconds);
    const gateway = await load(url, connections, seconds);
    return { route, gateway, bare, ratio: gateway.requestsPerSecond / bare.requestsPerSecond, bodyBytes: Buffer.byteLength(body), page };
  } finally {
    bareServer.child.disconnect();
  }
}

/**
 * The read path a browser walks: every ticket on sale, the upcoming events, and the first event's
 * tickets cheapest first, each a full first page of a catalogue the organiser issues here.
 */
export async function measureReadPath(organiser: Visitor, baseUrl: string, connections: number, seconds: number): Promise<RouteReadResult[]> {
  await issueCatalogue(organiser);
  const { events } = JSON.parse((await fetchPage(`${baseUrl}/api/events`)).body) as { events: { id: string }[] };
  const routes = [
    { route: 'GET /api/tickets', urlPath: '/api/tickets' },
    { route: 'GET /api/events', urlPath: '/api/events' },
    { route: 'GET /api/events/:id/tickets?sort=price', urlPath: `/api/events/${events[0]!.id}/tickets?sort=price` },
  ];
  const results: RouteReadResult[] = [];
  for (const { route, urlPath } of routes) results.push(await measureRoute(baseUrl, route, urlPath, connections, seconds));
  return results;
}
