import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { Router } from 'express';
import request from 'supertest';
import { startServer, type Closer, type RunningServer, type StartServerOptions } from '../src';
import { buildApp, captureLogs, deferred, delay, silentLogger } from './helpers';

/** Whether a fresh TCP connection to the port is accepted or refused. */
function tryConnect(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/**
 * A server with GET /fast, GET /slow (answers 300 ms after it started) and GET /hang (never
 * answers). `arrived` resolves when /slow or /hang has been reached; `events` records when the
 * /slow response finished and when each closer ran.
 */
async function startTestServer(options: Partial<StartServerOptions> & { closerNames?: string[] } = {}) {
  const events: string[] = [];
  const arrived = deferred();
  const routes = Router();
  routes.get('/fast', (_req, res) => {
    res.json({ fast: true });
  });
  routes.get('/slow', async (_req, res) => {
    res.once('finish', () => events.push('slow response finished'));
    arrived.resolve();
    await delay(300);
    res.json({ slow: true });
  });
  routes.get('/hang', () => {
    arrived.resolve();
  });
  const closers: Closer[] = (options.closerNames ?? []).map((name) => ({
    name,
    close: async () => {
      events.push(`${name} closed`);
    },
  }));
  const app = buildApp({ routes: [routes] });
  const running = await startServer({ app, port: 0, logger: silentLogger(), closers, ...options });
  started.push(running);
  return { app, running, events, arrived: arrived.promise, url: `http://127.0.0.1:${running.port}` };
}

const started: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((running) => running.stop()));
});

describe('startServer', () => {
  it('when started on port 0, then it listens on a free port and serves the app', async () => {
    // Arrange, Act
    const { running, url } = await startTestServer();

    // Assert
    expect(running.port).toBeGreaterThan(0);
    expect(running.server.listening).toBe(true);
    const res = await request(url).get('/fast');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ fast: true });
  });

  it('when stopped with a slow request in flight, then that request completes with 200 while new connections are refused', async () => {
    // Arrange
    const { running, url, arrived } = await startTestServer();
    const inFlight = request(url).get('/slow').then((res) => res);
    await arrived;

    // Act
    const stopped = running.stop();
    const newConnection = await tryConnect(running.port);
    const res = await inFlight;
    await stopped;

    // Assert
    expect(newConnection).toBe('ECONNREFUSED');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ slow: true });
    expect(running.server.listening).toBe(false);
  });

  it('when stopped, then the app reports draining so /readyz turns 503', async () => {
    // Arrange
    const { app, running } = await startTestServer();

    // Act
    await running.stop();

    // Assert
    expect(app.locals.draining).toBe(true);
    const readyz = await request(app).get('/readyz');
    expect(readyz.status).toBe(503);
    expect(readyz.body).toMatchObject({ status: 'draining' });
  });

  it('when stopped, then the closers run in order after the in-flight request has drained', async () => {
    // Arrange
    const { running, url, arrived, events } = await startTestServer({ closerNames: ['consumer', 'outbox', 'database'] });
    const inFlight = request(url).get('/slow').then((res) => res);
    await arrived;

    // Act
    await running.stop();
    await inFlight;

    // Assert
    expect(events).toStrictEqual(['slow response finished', 'consumer closed', 'outbox closed', 'database closed']);
  });

  it('when a closer fails, then it is logged and the later closers still run', async () => {
    // Arrange
    const logs = captureLogs();
    const closed: string[] = [];
    const closers: Closer[] = [
      { name: 'broken', close: () => Promise.reject(new Error('already closed')) },
      { name: 'database', close: async () => void closed.push('database') },
    ];
    const { running } = await startTestServer({ closers, logger: logs.logger });

    // Act
    await running.stop();

    // Assert
    expect(closed).toStrictEqual(['database']);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'error', closer: 'broken', msg: 'failed to close', err: expect.objectContaining({ message: 'already closed' }) }),
    );
  });

  it('when stop() is called twice, then both resolve and the closers run once', async () => {
    // Arrange
    const { running, events } = await startTestServer({ closerNames: ['database'] });

    // Act
    await Promise.all([running.stop(), running.stop()]);
    await running.stop();

    // Assert
    expect(events).toStrictEqual(['database closed']);
  });

  it('when a request is still in flight at the shutdown timeout, then its connection is cut and stop() still resolves', async () => {
    // Arrange
    const logs = captureLogs();
    const { running, url, arrived, events } = await startTestServer({
      shutdownTimeoutMs: 200,
      logger: logs.logger,
      closerNames: ['database'],
    });
    const inFlight = request(url).get('/hang').then(
      () => 'answered',
      (err: Error) => err.message,
    );
    await arrived;

    // Act
    await running.stop();

    // Assert
    expect(await inFlight).toMatch(/socket hang up|ECONNRESET/);
    expect(events).toStrictEqual(['database closed']);
    expect(logs.entries()).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'shutdown timeout reached; closing remaining connections' }));
  });

  it("when a proxy leaves its connection idle past Node's default 5 s, then the service keeps it open for the proxy's next request", async () => {
    const { url } = await startTestServer();
    const proxy = new Agent({ keepAlive: true, maxSockets: 1 });
    const localPortOf = () =>
      new Promise<number>((resolve, reject) => {
        get(`${url}/fast`, { agent: proxy }, (res) => {
          const port = res.socket.localPort!;
          res.resume();
          res.once('end', () => resolve(port));
        }).once('error', reject);
      });
    try {
      const first = await localPortOf();
      await delay(7_000);

      const second = await localPortOf();

      expect(second).toBe(first);
    } finally {
      proxy.destroy();
    }
  }, 15_000);

  it('when the port is already taken, then startServer rejects', async () => {
    // Arrange
    const { running } = await startTestServer();

    // Act
    const second = startServer({ app: buildApp(), port: running.port, host: '127.0.0.1', logger: silentLogger() });

    // Assert
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
