import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { errorHandler, notFoundHandler } from '../errors/error-handler';
import { healthRouter, type ReadinessCheck } from '../health/health';
import { requestLogger } from '../logging/request-logger';
import { metricsHandler, metricsMiddleware, type ServiceMetrics } from '../metrics/metrics';
import { currentUser } from '../middlewares/current-user';
import { sessionCookie } from '../middlewares/session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The JSON body's bytes as received. */
      rawBody?: Buffer;
    }
  }
}

export interface ServiceAppOptions {
  logger: Logger;
  metrics: ServiceMetrics;
  /** Sessions for services with users; a service without users (expiration) leaves it out. */
  session?: {
    jwtKey: string;
    /** Send the session cookie only over https: true in production. */
    secureCookies: boolean;
    /** How long a session cookie the service writes is kept by the browser. */
    maxAgeSeconds: number;
  };
  /** Express's `trust proxy` setting: which hops to believe for the client address and protocol. */
  trustProxy: string | boolean | number;
  readiness: Record<string, ReadinessCheck>;
  /** Shown on /readyz without gating it (the bus, Redis). */
  informational?: Record<string, ReadinessCheck>;
  /**
   * Answers that are the same for everyone and need neither a body nor a session, such as a listed
   * page kept in memory: mounted before the probes, the body parser and the session, which a
   * reload storm would otherwise pay for on every request. Whatever they pass on goes through the
   * whole pipeline to `routes`.
   */
  publicReads?: Router[];
  /** The service's own routes, mounted after the shared middlewares and before the error handler. */
  routes: Router[];
  bodyLimit?: string;
}

/**
 * The one request pipeline every service shares: request id and logging, metrics, public reads,
 * probes, JSON body parsing, the session and its user, the service's routes, then 404 and the error
 * handler. A
 * service only brings its routes and its readiness checks.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.locals.draining = false;

  app.use(requestLogger(options.logger));
  app.use(metricsMiddleware(options.metrics));
  for (const router of options.publicReads ?? []) app.use(router);
  app.use(healthRouter({ checks: options.readiness, informational: options.informational, isDraining: () => app.locals.draining === true }));
  app.get('/metrics', metricsHandler(options.metrics));

  app.use(
    express.json({
      limit: options.bodyLimit ?? '100kb',
      // Kept for signature checks over the exact bytes received (Stripe's webhook).
      verify: (req, _res, buf) => {
        (req as express.Request).rawBody = buf;
      },
    }),
  );
  if (options.session) {
    app.use(sessionCookie({ secure: options.session.secureCookies, maxAgeSeconds: options.session.maxAgeSeconds }));
    app.use(currentUser(options.session.jwtKey));
  }

  for (const router of options.routes) app.use(router);

  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  return app;
}
