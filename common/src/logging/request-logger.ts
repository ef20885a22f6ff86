import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The request's id, as echoed in X-Request-Id. */
      id: string;
      /** A logger whose lines carry the request's id, method and url. */
      log: Logger;
    }
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it looks like one, so a request can be followed across services. */
const acceptableRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes come every few seconds and tell nobody anything. */
const UNLOGGED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && acceptableRequestId.test(incoming) ? incoming : randomUUID();
}

const levelOf = (statusCode: number) => (statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info');

/**
 * Gives each request an id (echoed in the `X-Request-Id` response header), a logger at `req.log`
 * carrying it, and one line when the response is finished or the client went away first. The
 * child logger is made only when something logs through it: on a hot read path, building one per
 * request cost more than writing the line.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, id);
    req.id = id;
    const fields = { id, method: req.method, url: req.originalUrl };
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, enumerable: false, get: () => (child ??= logger.child({ req: fields })) });
    if (UNLOGGED_PATHS.has(req.path)) return next();
    const startedAt = performance.now();
    const line = () => ({ req: fields, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - startedAt) });
    res.once('finish', () => logger[levelOf(res.statusCode)](line(), 'request completed'));
    res.once('close', () => {
      if (!res.writableFinished) logger.warn(line(), 'request aborted');
    });
    next();
  };
}
