import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireEventPage } from '../lib/api/wire';

/**
 * The visitor's request that a page is being rendered for, as Next.js hands it to lib/api through
 * next/headers. Outside a Next.js server there is no request context, so these tests provide it;
 * everything from there to the socket is the web app's own code.
 */
const mockRenderedRequest = { headers: new Headers() };

jest.mock('server-only', () => ({}), { virtual: true });
jest.mock('next/headers', () => ({
  headers: async () => mockRenderedRequest.headers,
  // A visitor who is not signed in: the protocol is what these tests are about.
  cookies: async () => ({ getAll: () => [] }),
}));

const upcomingEvents: WireEventPage = {
  events: [
    {
      id: 'e1',
      version: 0,
      organiserId: 'u1',
      name: 'Concert',
      venue: 'Royal Albert Hall',
      city: 'London',
      startsAt: '2027-01-01T19:30:00.000Z',
      timeZone: 'Europe/London',
      category: 'concert',
      listedCount: 3,
      lowestPrice: 25.5,
      currency: 'GBP',
    },
  ],
  nextCursor: null,
};

/**
 * The API as the prod overlay's ingress serves it: TLS on the Ingress, so a request that is not known
 * to come from https is redirected there, the way ingress-nginx does (308, permanent).
 */
async function startApiBehindTlsIngress(): Promise<{ server: Server; origin: string; received: IncomingHttpHeaders[] }> {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    if (req.headers['x-forwarded-proto'] !== 'https') {
      res.writeHead(308, { location: `https://${req.headers.host}${req.url}` });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(upcomingEvents));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, received };
}

describe('the web app calling the API behind a TLS ingress', () => {
  let api: Awaited<ReturnType<typeof startApiBehindTlsIngress>>;
  const apiUrlBefore = process.env.API_URL;

  beforeAll(async () => {
    api = await startApiBehindTlsIngress();
    process.env.API_URL = api.origin;
  });

  afterAll(async () => {
    process.env.API_URL = apiUrlBefore;
    // lib/api keeps its connections alive for the next call; end them so the stub can close.
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
  });

  /** What rendering a request with `incoming` got from lib/api, and the headers its API call carried. */
  async function renderWith(incoming: Record<string, string>) {
    // Loaded here rather than imported at the top, so that it gets the mocks above: swc does not lift
    // jest.mock above the imports when `jest` comes from @jest/globals.
    const { listUpcomingEvents } = await import('../lib/api');
    mockRenderedRequest.headers = new Headers(incoming);
    const answered = api.received.length;
    const outcome = await listUpcomingEvents({}).catch((err: unknown) => err);
    return { outcome, sent: api.received[answered] };
  }

  it('when the visitor came over https, then the API is told so along with their host, and answers', async () => {
    const { outcome, sent } = await renderWith({ host: 'ticketing.dev', 'x-forwarded-proto': 'https' });

    expect(outcome).toMatchObject({ events: [{ id: 'e1', name: 'Concert', lowestPrice: { cents: 2550, currency: 'GBP' } }], nextCursor: null });
    expect(sent).toMatchObject({ host: 'ticketing.dev', 'x-forwarded-proto': 'https' });
  });

  it('when proxies have appended to X-Forwarded-Proto, then the visitor’s own protocol, the first, is sent', async () => {
    const { outcome, sent } = await renderWith({ host: 'ticketing.dev', 'x-forwarded-proto': 'https, http' });

    expect(outcome).toMatchObject({ events: [{ id: 'e1' }] });
    expect(sent?.['x-forwarded-proto']).toBe('https');
  });

  it('when the request names no protocol, then plain http is sent, the only protocol the web app serves', async () => {
    const { outcome, sent } = await renderWith({ host: 'ticketing.dev' });

    expect(sent?.['x-forwarded-proto']).toBe('http');
    expect(outcome).toMatchObject({ name: 'ApiError', status: 308 });
  });
});
