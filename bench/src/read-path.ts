import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type { RunningSuite, Visitor } from '@ticketing/suite/running-suite';
import { createEvent, issueTickets } from './visitors';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

/** One route of the read path, measured four ways with the same bytes and the same load. */
export interface RouteReadResult {
  /** Method and route template, such as `GET /api/events/:id/tickets?sort=price`. */
  route: string;
  /** A bare Node HTTP server: the floor of what any server on this machine can do. */
  bareNode: LoadResult;
  /** A bare Express 5 app: the yardstick the target is set against. */
  bareExpress: LoadResult;
  /** The service that owns the route, on its own port. */
  serviceAlone: LoadResult;
  /** Its name, such as `tickets`. */
  serviceName: string;
  /** Through the gateway to that service, as a browser reads it. */
  gateway: LoadResult;
  bodyBytes: number;
  /** What the page lists, such as "20 tickets". */
  page: string;
}

/** What a yardstick server answers: `path` (Express routes it; bare Node answers any) with these bytes. */
export interface YardstickPage {
  body: string;
  contentType: string;
  path: string;
}

/** Every way's load is run once unmeasured first: connections, JIT and caches settle. */
export const WARM_UP_SECONDS = 2;

/** The service that owns every route of the read path (the gateway sends /api/tickets and /api/events to it). */
const READ_SERVICE = 'tickets';

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

/** Forks one of the yardstick servers (`bare-server.js`, `bare-express.js`) answering `page`; answers its URL for `urlPath`. */
async function startYardstick(script: string, page: YardstickPage, urlPath: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(__dirname, script), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve(Number(message)));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    child.send(page);
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
 * One route four ways, one after the other with the same load generator settings: a bare Node
 * server and a bare Express app answering the very same bytes, the service alone (service and
 * PostgreSQL), and through the gateway (gateway, service, PostgreSQL).
 */
async function measureRoute(baseUrl: string, service: { name: string; url: string }, route: string, urlPath: string, connections: number, seconds: number): Promise<RouteReadResult> {
  const url = `${baseUrl}${urlPath}`;
  const { body, contentType } = await fetchPage(url);
  const listed = JSON.parse(body) as { tickets?: unknown[]; events?: unknown[] };
  const page = listed.events ? `${listed.events.length} events` : `${listed.tickets?.length ?? 0} tickets`;
  const yardstickPage: YardstickPage = { body, contentType, path: new URL(url).pathname };
  const bareNode = await startYardstick('bare-server.js', yardstickPage, urlPath);
  try {
    const bareExpress = await startYardstick('bare-express.js', yardstickPage, urlPath);
    try {
      const bareNodeLoad = await load(bareNode.url, connections, seconds);
      const bareExpressLoad = await load(bareExpress.url, connections, seconds);
      const serviceLoad = await load(`${service.url}${urlPath}`, connections, seconds);
      const gatewayLoad = await load(url, connections, seconds);
      return { route, bareNode: bareNodeLoad, bareExpress: bareExpressLoad, serviceAlone: serviceLoad, serviceName: service.name, gateway: gatewayLoad, bodyBytes: Buffer.byteLength(body), page };
    } finally {
      bareExpress.child.disconnect();
    }
  } finally {
    bareNode.child.disconnect();
  }
}

/**
 * The read path a browser walks: every ticket on sale, the upcoming events, and the first event's
 * tickets cheapest first, each a full first page of a catalogue the organiser issues here.
 */
export async function measureReadPath(organiser: Visitor, suite: Pick<RunningSuite, 'baseUrl' | 'serviceUrl'>, connections: number, seconds: number): Promise<RouteReadResult[]> {
  await issueCatalogue(organiser);
  const baseUrl = suite.baseUrl;
  const service = { name: READ_SERVICE, url: suite.serviceUrl(READ_SERVICE) };
  const { events } = JSON.parse((await fetchPage(`${baseUrl}/api/events`)).body) as { events: { id: string }[] };
  const routes = [
    { route: 'GET /api/tickets', urlPath: '/api/tickets' },
    { route: 'GET /api/events', urlPath: '/api/events' },
    { route: 'GET /api/events/:id/tickets?sort=price', urlPath: `/api/events/${events[0]!.id}/tickets?sort=price` },
  ];
  const results: RouteReadResult[] = [];
  for (const { route, urlPath } of routes) results.push(await measureRoute(baseUrl, service, route, urlPath, connections, seconds));
  return results;
}
