import { Router } from 'express';

/** A dependency a replica needs before it can serve: resolves when reachable, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  checks: Record<string, ReadinessCheck>;
  /** True once shutdown began: the replica reports unready so load balancers stop sending to it. */
  isDraining: () => boolean;
  checkTimeoutMs?: number;
}

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    check().then(
      () => (clearTimeout(timer), resolve()),
      (err: unknown) => (clearTimeout(timer), reject(err)),
    );
  });
}

/**
 * `/healthz` says the process is alive (liveness: restart me if not); `/readyz` says whether every
 * dependency answers (readiness: send me traffic or not), naming each one.
 */
export function healthRouter({ checks, isDraining, checkTimeoutMs = 2000 }: HealthOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.allSettled(names.map((name) => withTimeout(checks[name]!, checkTimeoutMs)));
    const report: Record<string, string> = {};
    results.forEach((result, i) => {
      report[names[i]!] = result.status === 'fulfilled' ? 'ok' : `failing: ${(result.reason as Error)?.message ?? result.reason}`;
    });
    const draining = isDraining();
    const ready = !draining && results.every((r) => r.status === 'fulfilled');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : draining ? 'draining' : 'unready', checks: report });
  });
  return router;
}
