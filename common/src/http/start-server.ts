import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';

/** Something to release on shutdown, after HTTP has drained: a consumer, the outbox, the database. */
export interface Closer {
  name: string;
  close(): Promise<void>;
}

export interface StartServerOptions {
  app: Express;
  port: number;
  logger: Logger;
  /** Run in order after HTTP has drained. */
  closers?: Closer[];
  /** How long in-flight requests get to finish before their connections are cut. */
  shutdownTimeoutMs?: number;
  /** Listen for SIGTERM and SIGINT; off in tests, which call `stop` themselves. */
  handleSignals?: boolean;
  host?: string;
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting, drains in-flight requests, then runs the closers. Safe to call twice. */
  stop(): Promise<void>;
}

/** Longer than the proxies' own idle timeouts (ingress-nginx keeps upstream connections 60 s). */
export const UPSTREAM_KEEP_ALIVE_MS = 65_000;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { app, logger, closers = [], shutdownTimeoutMs = 10_000 } = options;
  const server = createServer(app);
  // Proxies in front (the local gateway, ingress-nginx) keep idle connections to reuse. Were the
  // service to close one first (Node's default is after 5 s), a request the proxy sends on it at
  // that moment fails, and the visitor gets a 502 from a healthy service.
  server.keepAliveTimeout = UPSTREAM_KEEP_ALIVE_MS;
  server.headersTimeout = UPSTREAM_KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'listening');

  let stopping: Promise<void> | undefined;
  const drainHttp = () =>
    new Promise<void>((resolve) => {
      // Idle keep-alive sockets are closed at once and again as in-flight responses finish; what is
      // still open at the deadline is cut so shutdown always ends.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => {
        logger.warn('shutdown timeout reached; closing remaining connections');
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });

  const stop = () => {
    stopping ??= (async () => {
      app.locals.draining = true;
      logger.info('shutting down: draining HTTP');
      await drainHttp();
      for (const closer of closers) {
        try {
          await closer.close();
          logger.info({ closer: closer.name }, 'closed');
        } catch (err) {
          logger.error({ err, closer: closer.name }, 'failed to close');
        }
      }
      logger.info('shut down');
    })();
    return stopping;
  };

  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        logger.info({ signal }, 'signal received');
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  }

  return { server, port, stop };
}
