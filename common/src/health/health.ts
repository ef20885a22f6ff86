import { Router } from 'express';

/** A dependency a replica needs before it can serve: resolves when reachable, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  /** What the replica cannot serve HTTP without: its database. Any failing makes it unready. */
  checks: Record<string, ReadinessCheck>;
  /**
   * Reported beside the checks but never making the replica unready: the bus, whose outage the
   * outbox rides out, and whatever else only background work needs.
   */
  informational?: Record<string, ReadinessCheck>;
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
 * `/healthz` says the process is alive (liveness: restart me if not); `/readyz` says whether the replica
 * can serve (readiness: send me traffic or not), naming each dependency and how it is doing.
 */
export function healthRouter({ checks, informational = {}, isDraining, checkTimeoutMs = 2000 }: HealthOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const all = { ...informational, ...checks };
    const names = Object.keys(all);
    const results = await Promise.allSettled(names.map((name) => withTimeout(all[name]!, checkTimeoutMs)));
    const report: Record<string, string> = {};
    results.forEach((result, i) => {
      report[names[i]!] = result.status === 'fulfilled' ? 'ok' : `failing: ${(result.reason as Error)?.message ?? result.reason}`;
    });
    const draining = isDraining();
    const ready = !draining && names.every((name, i) => !(name in checks) || results[i]!.status === 'fulfilled');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : draining ? 'draining' : 'unready', checks: report });
  });
  return router;
}
