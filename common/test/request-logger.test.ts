import { Router } from 'express';
import request from 'supertest';
import { NotFoundError } from '../src';
import { fakeSession } from '../src/testing';
import { JWT_KEY, UUID_PATTERN, buildApp, captureLogs } from './helpers';

function buildTestApp(overrides: Parameters<typeof buildApp>[0] = {}) {
  const routes = Router();
  routes.get('/ping', (_req, res) => {
    res.json({ pong: true });
  });
  routes.get('/missing', () => {
    throw new NotFoundError('No such ticket');
  });
  routes.get('/broken', () => {
    throw new Error('the disk is on fire');
  });
  return buildApp({ routes: [routes], ...overrides });
}

describe('request id', () => {
  it('when the request has no X-Request-Id, then the response carries a new uuid', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const first = await request(app).get('/ping');
    const second = await request(app).get('/ping');

    // Assert
    expect(first.headers['x-request-id']).toMatch(UUID_PATTERN);
    expect(second.headers['x-request-id']).toMatch(UUID_PATTERN);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it.each(['abc-123', 'gateway:7f3a.req_42', 'a'.repeat(128)])('when the incoming X-Request-Id is the sane %p, then it is echoed', async (id) => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).get('/ping').set('X-Request-Id', id);

    // Assert
    expect(res.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['with spaces', 'has some spaces'],
    ['of 200 characters', 'a'.repeat(200)],
    ['with markup', '<script>alert(1)</script>'],
    ['with a newline escape', 'abc%0d%0aSet-Cookie:x'],
  ])('when the incoming X-Request-Id is unsafe (%s), then it is replaced by a uuid', async (_case, id) => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).get('/ping').set('X-Request-Id', id);

    // Assert
    expect(res.headers['x-request-id']).toMatch(UUID_PATTERN);
  });

  it('when an error response is sent, then it still carries the request id', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).get('/missing').set('X-Request-Id', 'trace-1');

    // Assert
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toBe('trace-1');
  });
});

describe('request logging', () => {
  it('when a request completes, then one line is logged with its id, method, url and status', async () => {
    // Arrange
    const logs = captureLogs();
    const app = buildTestApp({ logger: logs.logger });

    // Act
    await request(app).get('/ping').set('X-Request-Id', 'trace-2');

    // Assert
    const lines = logs.entries().filter((entry) => (entry.req as { id?: string } | undefined)?.id === 'trace-2');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      req: { id: 'trace-2', method: 'GET', url: '/ping' },
      res: { statusCode: 200 },
    });
  });

  it('when a route fails, then the error is logged with the request it belongs to', async () => {
    // Arrange
    const logs = captureLogs();
    const app = buildTestApp({ logger: logs.logger });

    // Act
    const res = await request(app).get('/broken').set('X-Request-Id', 'trace-3');

    // Assert
    expect(res.status).toBe(500);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'unhandled error', req: { id: 'trace-3', method: 'GET', url: '/broken' }, err: expect.objectContaining({ message: 'the disk is on fire' }) }),
    );
    expect(logs.entries()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'request completed', res: { statusCode: 500 } }));
  });

  it('when a request ends in a 4xx, then it is logged as a warning', async () => {
    // Arrange
    const logs = captureLogs();
    const app = buildTestApp({ logger: logs.logger });

    // Act
    await request(app).get('/missing');

    // Assert
    expect(logs.entries()).toContainEqual(expect.objectContaining({ level: 'warn', res: { statusCode: 404 } }));
  });

  it('when a request carries a session cookie, then no log line contains it', async () => {
    // Arrange
    const logs = captureLogs();
    const app = buildTestApp({ logger: logs.logger });
    const { cookie } = fakeSession(JWT_KEY);

    // Act
    await request(app).get('/ping').set('Cookie', cookie).set('Authorization', 'Bearer secret-token');

    // Assert
    const written = JSON.stringify(logs.entries());
    expect(logs.entries().length).toBeGreaterThan(0);
    expect(written).not.toContain(cookie.split('=')[1]);
    expect(written).not.toContain('secret-token');
  });

  it.each(['/healthz', '/readyz', '/metrics'])('when %s is probed, then nothing is logged', async (path) => {
    // Arrange
    const logs = captureLogs();
    const app = buildTestApp({ logger: logs.logger });

    // Act
    const res = await request(app).get(path);

    // Assert
    expect(res.status).toBe(200);
    expect(logs.entries()).toStrictEqual([]);
  });
});
