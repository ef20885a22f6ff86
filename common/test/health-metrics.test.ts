import express, { Router } from 'express';
import request from 'supertest';
import { healthRouter, type ReadinessCheck } from '../src';
import { buildApp } from './helpers';

const ok: ReadinessCheck = async () => {};
const refused: ReadinessCheck = async () => {
  throw new Error('connection refused');
};
const hangs: ReadinessCheck = () => new Promise<void>(() => {});

describe('health probes', () => {
  it('when /healthz is asked, then 200 {status: "ok"}', async () => {
    // Arrange
    const app = buildApp({ readiness: { db: refused } });

    // Act
    const res = await request(app).get('/healthz');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ status: 'ok' });
  });

  it('when every readiness check resolves, then /readyz is 200 and names each check', async () => {
    // Arrange
    const app = buildApp({ readiness: { db: ok, broker: ok } });

    // Act
    const res = await request(app).get('/readyz');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ status: 'ready', checks: { db: 'ok', broker: 'ok' } });
  });

  it('when there are no readiness checks, then /readyz is 200', async () => {
    // Arrange
    const app = buildApp({ readiness: {} });

    // Act
    const res = await request(app).get('/readyz');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ status: 'ready', checks: {} });
  });

  it('when one check rejects, then /readyz is 503 naming the failing check and why', async () => {
    // Arrange
    const app = buildApp({ readiness: { db: ok, broker: refused } });

    // Act
    const res = await request(app).get('/readyz');

    // Assert
    expect(res.status).toBe(503);
    expect(res.body).toStrictEqual({ status: 'unready', checks: { db: 'ok', broker: 'failing: connection refused' } });
  });

  it('when a check hangs past its timeout, then /readyz is 503 saying it timed out', async () => {
    // Arrange
    const app = express().use(healthRouter({ checks: { db: ok, cache: hangs }, isDraining: () => false, checkTimeoutMs: 50 }));

    // Act
    const res = await request(app).get('/readyz');

    // Assert
    expect(res.status).toBe(503);
    expect(res.body).toStrictEqual({ status: 'unready', checks: { db: 'ok', cache: 'failing: timed out after 50 ms' } });
  });

  it('when a check resolves within its timeout, then it counts as ok', async () => {
    // Arrange
    const slowButFine: ReadinessCheck = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
    const app = express().use(healthRouter({ checks: { db: slowButFine }, isDraining: () => false, checkTimeoutMs: 1000 }));

    // Act
    const res = await request(app).get('/readyz');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ status: 'ready', checks: { db: 'ok' } });
  });

  it('when the app is draining, then /readyz is 503 "draining" even with healthy checks', async () => {
    // Arrange
    const app = buildApp({ readiness: { db: ok } });
    app.locals.draining = true;

    // Act
    const res = await request(app).get('/readyz');

    // Assert
    expect(res.status).toBe(503);
    expect(res.body).toStrictEqual({ status: 'draining', checks: { db: 'ok' } });
  });
});

describe('metrics', () => {
  function buildTestApp() {
    const routes = Router();
    routes.get('/items/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    return buildApp({ routes: [routes] });
  }

  /** The `_count` sample of the request histogram whose labels include all of `labels`. */
  function requestCount(metricsText: string, labels: string[]): number | undefined {
    const line = metricsText
      .split('\n')
      .find((l) => l.startsWith('http_request_duration_seconds_count{') && labels.every((label) => l.includes(label)));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  it('when requests hit a parameterised route, then /metrics labels them with the route template, not the raw path', async () => {
    // Arrange
    const app = buildTestApp();
    await request(app).get('/items/123');
    await request(app).get('/items/456');

    // Act
    const res = await request(app).get('/metrics');

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(requestCount(res.text, ['route="/items/:id"', 'method="GET"', 'status_code="200"', 'service="test"'])).toBe(2);
    expect(res.text).not.toContain('/items/123');
    expect(res.text).not.toContain('/items/456');
  });

  it('when a path matches no route, then it is counted as "unmatched"', async () => {
    // Arrange
    const app = buildTestApp();
    await request(app).get('/probe/for/wp-admin.php');

    // Act
    const res = await request(app).get('/metrics');

    // Assert
    expect(requestCount(res.text, ['route="unmatched"', 'status_code="404"'])).toBe(1);
    expect(res.text).not.toContain('wp-admin');
  });

  it('when /metrics is scraped, then it includes the default process metrics', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).get('/metrics');

    // Assert
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).toContain('nodejs_heap_size_used_bytes');
  });

  it('when two apps run in one process, then each has its own counts', async () => {
    // Arrange
    const busy = buildTestApp();
    const idle = buildTestApp();
    await request(busy).get('/items/1');

    // Act
    const busyMetrics = await request(busy).get('/metrics');
    const idleMetrics = await request(idle).get('/metrics');

    // Assert
    expect(requestCount(busyMetrics.text, ['route="/items/:id"'])).toBe(1);
    expect(requestCount(idleMetrics.text, ['route="/items/:id"'])).toBeUndefined();
  });
});
