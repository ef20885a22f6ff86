import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import request from 'supertest';
import { createGateway, routeFor, type GatewayRoute } from '../src/gateway';

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
