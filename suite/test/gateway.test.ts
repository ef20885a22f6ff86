import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import request from 'supertest';
import { createGateway, routeFor, type GatewayRoute } from '../src/gateway';
import type { SharedCacheOptions } from '../src/shared-cache';

/** An upstream that answers with what it received, so the test sees what the gateway forwarded. */
async function echoServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Set-Cookie': 'session=abc; path=/; httponly' });
      res.end(JSON.stringify({ name, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

let users: Awaited<ReturnType<typeof echoServer>>;
let tickets: Awaited<ReturnType<typeof echoServer>>;
let web: Awaited<ReturnType<typeof echoServer>>;
let routes: GatewayRoute[];
beforeAll(async () => {
  [users, tickets, web] = await Promise.all([echoServer('auth'), echoServer('tickets'), echoServer('client')]);
  routes = [
    { prefix: '/api/users', target: { host: '127.0.0.1', port: users.port } },
    { prefix: '/api/tickets', target: { host: '127.0.0.1', port: tickets.port } },
  ];
});
afterAll(() => Promise.all([users, tickets, web].map(({ server }) => new Promise((resolve) => server.close(resolve)))));

describe('routeFor', () => {
  it.each([
    ['/api/users/signin', '/api/users'],
    ['/api/users', '/api/users'],
    ['/api/tickets/123', '/api/tickets'],
    ['/api/usersx', undefined],
    ['/api', undefined],
    ['/', undefined],
  ])('when the path is %s, then it routes to %s', (path, prefix) => {
    expect(routeFor(routes, path)?.prefix).toBe(prefix);
  });
});

describe('gateway', () => {
  it('when a request matches a prefix, then its method, path, query, body and cookies reach that service', async () => {
    const gateway = createGateway(routes, { host: '127.0.0.1', port: web.port });

    const res = await request(gateway)
      .post('/api/tickets/abc?x=1')
      .set('Cookie', 'session=xyz')
      .send({ title: 'Gig' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'tickets', method: 'POST', url: '/api/tickets/abc?x=1', body: '{"title":"Gig"}' });
    expect(res.body.headers.cookie).toBe('session=xyz');
    expect(res.get('Set-Cookie')).toEqual(['session=abc; path=/; httponly']);
  });

  it('when a request is forwarded, then the service learns the client address and protocol', async () => {
    const gateway = createGateway(routes);

    const res = await request(gateway).get('/api/users/currentuser').set('Host', 'ticketing.local');

    expect(res.body.headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    expect(res.body.headers['x-forwarded-proto']).toBe('http');
    expect(res.body.headers['x-forwarded-host']).toBe('ticketing.local');
  });

  it('when no prefix matches, then the web app gets it, or 404 in the common shape without one', async () => {
    const withWebApp = await request(createGateway(routes, { host: '127.0.0.1', port: web.port })).get('/tickets/new');
    const withoutWebApp = await request(createGateway(routes)).get('/tickets/new');

    expect(withWebApp.body.name).toBe('client');
    expect(withoutWebApp.status).toBe(404);
    expect(withoutWebApp.body).toEqual({ errors: [{ message: 'Not found' }] });
  });

  it('when the service is down, then the gateway answers 502 in the common shape', async () => {
    const gateway = createGateway([{ prefix: '/api/orders', target: { host: '127.0.0.1', port: 1 } }]);

    const res = await request(gateway).get('/api/orders');

    expect(res.status).toBe(502);
    expect(res.body).toEqual({ errors: [{ message: 'Service unavailable, try again shortly' }] });
  });

  describe('when an upstream closes a kept-alive connection as the next request goes out on it', () => {
    /**
     * Answers the first request of each connection and keeps it open, then drops the connection at
     * the next request on it unanswered, as a server does whose idle timeout ends just then.
     */
    async function closingUpstream() {
      const sockets: Socket[] = [];
      const server = createTcpServer((socket) => {
        sockets.push(socket);
        let answered = false;
        socket.on('data', () => {
          if (answered) return socket.destroy();
          answered = true;
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const gateway = createGateway([], { host: '127.0.0.1', port: (server.address() as AddressInfo).port });
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
      const close = async () => {
        for (const socket of sockets) socket.destroy();
        gateway.closeAllConnections();
        await Promise.all([new Promise((resolve) => gateway.close(resolve)), new Promise((resolve) => server.close(resolve))]);
      };
      return { origin, connections: () => sockets.length, close };
    }

    it('then a GET is sent again on a new connection and answered', async () => {
      const upstream = await closingUpstream();
      try {
        const first = await fetch(`${upstream.origin}/_next/static/app.js`);
        const second = await fetch(`${upstream.origin}/_next/static/app.js`);

        expect([first.status, await first.text()]).toEqual([200, 'ok']);
        expect([second.status, await second.text()]).toEqual([200, 'ok']);
        expect(upstream.connections()).toBe(2);
      } finally {
        await upstream.close();
      }
    });

    it('then a POST, which may have been acted on, is not sent again: 502', async () => {
      const upstream = await closingUpstream();
      try {
        await (await fetch(`${upstream.origin}/`)).text();
        const posted = await fetch(`${upstream.origin}/api/orders`, { method: 'POST', body: '{"ticketId":"t1"}', headers: { 'content-type': 'application/json' } });

        expect(posted.status).toBe(502);
        expect(upstream.connections()).toBe(1);
      } finally {
        await upstream.close();
      }
    });
  });
});

describe('gateway shared cache', () => {
  /** What the tickets service sends on its public listings. */
  const LISTING = 'public, max-age=0, s-maxage=1, must-revalidate';

  interface UpstreamAnswer {
    status?: number;
    headers?: OutgoingHttpHeaders;
    body?: string;
    /** Sent without Content-Length, in chunks. */
    chunked?: boolean;
  }

  let opened: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(opened.map((close) => close()));
    opened = [];
  });

  /**
   * An upstream that answers as `answer` says (given the number of requests so far, this one
   * included) and keeps what it received, and a gateway over it whose cache reads `clock`: a test
   * sees which requests reached the service, and moves time without sleeping.
   */
  async function cachedUpstream(answer: (hit: number) => UpstreamAnswer, cacheOptions: SharedCacheOptions | false = {}) {
    const received: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }> = [];
    const upstream = createServer((req, res) => {
      received.push({ method: req.method, url: req.url, headers: req.headers });
      const { status = 200, headers = {}, body = `answer ${received.length}`, chunked = false } = answer(received.length);
      res.writeHead(status, { 'content-type': 'text/plain', ...(chunked ? {} : { 'content-length': Buffer.byteLength(body) }), ...headers });
      if (chunked) res.write(body.slice(0, 5));
      res.end(chunked ? body.slice(5) : body);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const clock = { ms: 1_000_000 };
    const sharedCache = cacheOptions && { ...cacheOptions, now: () => clock.ms };
    const gateway = createGateway([], { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, { sharedCache });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    opened.push(async () => {
      gateway.closeAllConnections();
      upstream.closeAllConnections();
      await Promise.all([new Promise((resolve) => gateway.close(resolve)), new Promise((resolve) => upstream.close(resolve))]);
    });
    const get = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(`${origin}${url}`, init);
      return { status: res.status, headers: res.headers, body: await res.text() };
    };
    return { origin, get, clock, received, hits: (url: string) => received.filter((r) => r.url === url).length };
  }

  it('when a public answer is asked for again within its s-maxage, then the service answers once and the copy carries its Age', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': 'public, max-age=0, s-maxage=10', etag: '"v1"', age: '2', 'x-page': 'listings' } }));

    const first = await tickets.get('/api/tickets?limit=20');
    tickets.clock.ms += 3_500;
    const second = await tickets.get('/api/tickets?limit=20');

    expect(tickets.hits('/api/tickets?limit=20')).toBe(1);
    expect([first.status, first.body, first.headers.get('age')]).toEqual([200, 'answer 1', '2']);
    expect([second.status, second.body, second.headers.get('age')]).toEqual([200, 'answer 1', '5']);
    expect(second.headers.get('etag')).toBe('"v1"');
    expect(second.headers.get('x-page')).toBe('listings');
    expect(second.headers.get('content-length')).toBe(String('answer 1'.length));
  });

  it('when a request carries a bypassing cookie, then it reaches the service and leaves the copy as it was', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }), { bypassCookies: ['session'] });

    const anonymous = await tickets.get('/api/events');
    const signedIn = await tickets.get('/api/events', { headers: { cookie: 'theme=dark; session=eyJqd3QiOiJ4In0=' } });
    const otherCookie = await tickets.get('/api/events', { headers: { cookie: 'theme=dark; sessionless=1' } });
    const anonymousAgain = await tickets.get('/api/events');

    expect([anonymous.body, signedIn.body, otherCookie.body, anonymousAgain.body]).toEqual(['answer 1', 'answer 2', 'answer 1', 'answer 1']);
    expect(tickets.hits('/api/events')).toBe(2);
  });

  it('when the query string differs, then it is another answer', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }));

    await tickets.get('/api/tickets?limit=20');
    const other = await tickets.get('/api/tickets?limit=21');

    expect(other.body).toBe('answer 2');
    expect(tickets.received.map((r) => r.url)).toEqual(['/api/tickets?limit=20', '/api/tickets?limit=21']);
  });

  it.each([
    ['s-maxage', LISTING, undefined, 1_000],
    ['max-age, without s-maxage', 'public, max-age=2', undefined, 2_000],
    ["s-maxage less the upstream's Age", 'public, s-maxage=3', '1', 2_000],
  ])('when its %s has passed, then the next request reaches the service and its answer replaces the copy', async (_lifetime, cacheControl, age, lifetimeMs) => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': cacheControl, ...(age ? { age } : {}) } }));

    await tickets.get('/api/events');
    tickets.clock.ms += lifetimeMs - 1;
    const lastFresh = await tickets.get('/api/events');
    tickets.clock.ms += 1;
    const expired = await tickets.get('/api/events');
    tickets.clock.ms += 1;
    const replaced = await tickets.get('/api/events');

    expect([lastFresh.body, expired.body, replaced.body]).toEqual(['answer 1', 'answer 2', 'answer 2']);
    expect(tickets.hits('/api/events')).toBe(2);
  });

  it.each<[string, UpstreamAnswer]>([
    ['private', { headers: { 'cache-control': 'private, max-age=10' } }],
    ['public but no-store', { headers: { 'cache-control': 'public, s-maxage=10, no-store' } }],
    ['public but no-cache', { headers: { 'cache-control': 'public, s-maxage=10, no-cache' } }],
    ['s-maxage without public', { headers: { 'cache-control': 's-maxage=10' } }],
    ['public with s-maxage=0 (max-age does not count then)', { headers: { 'cache-control': 'public, max-age=10, s-maxage=0' } }],
    ['public with a Set-Cookie', { headers: { 'cache-control': 'public, s-maxage=10', 'set-cookie': 'session=abc; path=/' } }],
    ['public with Vary: *', { headers: { 'cache-control': 'public, s-maxage=10', vary: '*' } }],
    ['public, already as old as its s-maxage', { headers: { 'cache-control': 'public, s-maxage=10', age: '10' } }],
    ['a public 404', { status: 404, headers: { 'cache-control': 'public, s-maxage=10' } }],
    ['a public 203', { status: 203, headers: { 'cache-control': 'public, s-maxage=10' } }],
  ])('when the answer is %s, then it is not kept: every request reaches the service', async (_kind, answer) => {
    const tickets = await cachedUpstream(() => answer);

    const first = await tickets.get('/api/tickets');
    const second = await tickets.get('/api/tickets');

    expect([first.body, second.body]).toEqual(['answer 1', 'answer 2']);
    expect(tickets.hits('/api/tickets')).toBe(2);
  });

  it('when a request carries Authorization, then it is neither answered from the cache nor kept', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }));
    const withCredentials = { headers: { authorization: 'Bearer token' } };

    await tickets.get('/api/tickets');
    const authorised = await tickets.get('/api/tickets', withCredentials);
    await tickets.get('/api/tickets?limit=5', withCredentials);
    const anonymous = await tickets.get('/api/tickets?limit=5');

    expect([authorised.body, anonymous.body]).toEqual(['answer 2', 'answer 4']);
    expect(tickets.received.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer token', 'Bearer token', undefined]);
  });

  it('when a POST is answered with a public answer, then neither a POST nor a GET is answered from it', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }));
    const post = { method: 'POST', body: '{"title":"Gig"}', headers: { 'content-type': 'application/json' } };

    await tickets.get('/api/tickets', post);
    await tickets.get('/api/tickets', post);
    const got = await tickets.get('/api/tickets');

    expect(got.body).toBe('answer 3');
    expect(tickets.received.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('when the cache is not asked for, then every request reaches the service', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }), false);

    await tickets.get('/api/tickets');
    await tickets.get('/api/tickets');

    expect(tickets.hits('/api/tickets')).toBe(2);
  });

  it.each([
    ['Cache-Control: max-age=0, as a reload sends', { 'cache-control': 'max-age=0' }],
    ['Cache-Control: no-cache and Pragma: no-cache, as a hard reload sends', { 'cache-control': 'no-cache', pragma: 'no-cache' }],
  ])("when a client's request carries %s, then it still gets the kept answer", async (_request, headers) => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }));

    await tickets.get('/api/tickets');
    const reloaded = await tickets.get('/api/tickets', { headers });

    expect([reloaded.status, reloaded.body]).toEqual([200, 'answer 1']);
    expect(tickets.hits('/api/tickets')).toBe(1);
  });

  it.each(['"v1"', 'W/"v1"', '"v0", W/"v1"', '*'])('when If-None-Match is %s and the kept answer is tagged "v1", then it answers 304 from the cache', async (ifNoneMatch) => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING, etag: '"v1"' } }));

    await tickets.get('/api/tickets');
    tickets.clock.ms += 200;
    const revalidated = await tickets.get('/api/tickets', { headers: { 'if-none-match': ifNoneMatch } });

    expect([revalidated.status, revalidated.body]).toEqual([304, '']);
    expect(revalidated.headers.get('etag')).toBe('"v1"');
    expect(revalidated.headers.get('cache-control')).toBe(LISTING);
    expect(revalidated.headers.get('age')).toBe('0');
    expect(tickets.hits('/api/tickets')).toBe(1);
  });

  it('when If-None-Match names another tag, then it answers the whole kept answer', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING, etag: '"v1"' } }));

    await tickets.get('/api/tickets');
    const changed = await tickets.get('/api/tickets', { headers: { 'if-none-match': '"v0", W/"v2"' } });

    expect([changed.status, changed.body, changed.headers.get('etag')]).toEqual([200, 'answer 1', '"v1"']);
    expect(tickets.hits('/api/tickets')).toBe(1);
  });

  it('when a URL has no kept answer, then a conditional request reaches the service as the client sent it', async () => {
    const tickets = await cachedUpstream(() => ({ status: 304, headers: { 'cache-control': LISTING, etag: '"v1"' }, body: '' }));

    const revalidated = await tickets.get('/api/tickets', { headers: { 'if-none-match': '"v1"' } });

    expect(revalidated.status).toBe(304);
    expect(tickets.received[0]!.headers['if-none-match']).toBe('"v1"');
  });

  it('when a kept answer has expired and a reload revalidates it, then the service is asked for the whole answer, the client gets 304, and the new copy is kept', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING, etag: '"v1"' }, body: 'listings' }));
    const reload = { headers: { 'if-none-match': '"v1"', 'if-modified-since': 'Tue, 01 Apr 2025 00:00:00 GMT' } };

    await tickets.get('/api/tickets');
    tickets.clock.ms += 1_000;
    const revalidated = await tickets.get('/api/tickets', reload);
    tickets.clock.ms += 500;
    const kept = await tickets.get('/api/tickets');

    expect([revalidated.status, revalidated.body, revalidated.headers.get('etag')]).toEqual([304, '', '"v1"']);
    expect(tickets.received[1]!.headers).not.toHaveProperty('if-none-match');
    expect(tickets.received[1]!.headers).not.toHaveProperty('if-modified-since');
    expect([kept.status, kept.body]).toEqual([200, 'listings']);
    expect(tickets.hits('/api/tickets')).toBe(2);
  });

  it('when a HEAD asks for a kept GET answer, then it gets its headers without a body, from the cache', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING, etag: '"v1"' }, body: 'listings' }));

    await tickets.get('/api/tickets');
    const head = await tickets.get('/api/tickets', { method: 'HEAD' });

    expect([head.status, head.body]).toEqual([200, '']);
    expect(head.headers.get('content-length')).toBe(String('listings'.length));
    expect(head.headers.get('etag')).toBe('"v1"');
    expect(tickets.received.map((r) => r.method)).toEqual(['GET']);
  });

  it('when a HEAD comes first, then it reaches the service and keeps nothing for the GET', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING } }));

    await tickets.get('/api/tickets', { method: 'HEAD' });
    const got = await tickets.get('/api/tickets');

    expect(got.body).toBe('answer 2');
    expect(tickets.received.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it.each<[string, SharedCacheOptions]>([
    ['two answers', { maxEntries: 2 }],
    ['the bytes of two answers', { maxTotalBytes: 2 * 'answer 1'.length }],
  ])('when the cache holds %s at most, then a third drops the oldest', async (_limit, limits) => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': 'public, s-maxage=60' } }), limits);

    for (const url of ['/api/events?page=1', '/api/events?page=2', '/api/events?page=3', '/api/events?page=3', '/api/events?page=2', '/api/events?page=1']) await tickets.get(url);

    expect(tickets.received.map((r) => r.url)).toEqual(['/api/events?page=1', '/api/events?page=2', '/api/events?page=3', '/api/events?page=1']);
  });

  it.each([
    ['declares its length', false],
    ['is sent in chunks without a length', true],
  ])('when an answer larger than maxBodyBytes %s, then it reaches the client whole and is not kept', async (_framing, chunked) => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING }, body: 'x'.repeat(20), chunked }), { maxBodyBytes: 10 });

    const first = await tickets.get('/api/tickets');
    await tickets.get('/api/tickets');

    expect(first.body).toBe('x'.repeat(20));
    expect(tickets.hits('/api/tickets')).toBe(2);
  });

  it('when a kept answer was chosen by a Vary header, then it answers only requests that send the same value', async () => {
    const tickets = await cachedUpstream(() => ({ headers: { 'cache-control': LISTING, vary: 'Accept-Language' } }));

    await tickets.get('/api/events', { headers: { 'accept-language': 'en' } });
    const same = await tickets.get('/api/events', { headers: { 'accept-language': 'en' } });
    const other = await tickets.get('/api/events', { headers: { 'accept-language': 'de' } });

    expect([same.body, other.body]).toEqual(['answer 1', 'answer 2']);
    expect(tickets.hits('/api/events')).toBe(2);
  });

  it('when the first answer is still streaming, then its client already reads it, and the whole of it is kept at its end', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'cache-control': LISTING, 'content-type': 'text/plain' });
      res.write('first part, ');
      void finished.then(() => res.end('last part'));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    let hits = 0;
    upstream.on('request', () => (hits += 1));
    const gateway = createGateway([], { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, { sharedCache: true });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    opened.push(async () => {
      finish();
      gateway.closeAllConnections();
      upstream.closeAllConnections();
      await Promise.all([new Promise((resolve) => gateway.close(resolve)), new Promise((resolve) => upstream.close(resolve))]);
    });
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/tickets`;

    const first = await fetch(url);
    const reader = first.body!.getReader();
    const beforeTheEnd = Buffer.from((await reader.read()).value!).toString();
    finish();
    while (!(await reader.read()).done);
    const second = await fetch(url);

    expect(beforeTheEnd).toBe('first part, ');
    expect(await second.text()).toBe('first part, last part');
    expect(hits).toBe(1);
  });
});
