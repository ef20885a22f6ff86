import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError, NotFoundError, ServiceUnavailableError, type ErrorBody } from './http-errors';
import { isUnavailableError } from './unavailable';

/**
 * Errors raised by Express's own body parsers carry `status` and `type`. They are the client's fault,
 * so they keep their 4xx status, with a message of ours instead of the parser's internals.
 */
interface ParserError {
  status: number;
  type: string;
  expose?: boolean;
}

const parserMessages: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON body',
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
  'request.size.invalid': 'Request size did not match Content-Length',
  'entity.verify.failed': 'Request body could not be verified',
};

function isClientParserError(err: unknown): err is ParserError {
  if (typeof err !== 'object' || err === null) return false;
  const { status, type } = err as { status?: unknown; type?: unknown };
  return typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500 && (err as ParserError).expose !== false;
}

/** Unknown paths answer 404 in the common shape rather than Express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('Route not found'));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      req.log?.error({ err }, 'error after the response started');
      res.end();
      return;
    }
    let status: number;
    let body: ErrorBody;
    // A database or broker that is down is an outage to wait out, not a bug: 503 with Retry-After.
    const answered = !(err instanceof HttpError) && isUnavailableError(err) ? new ServiceUnavailableError() : err;
    if (answered instanceof HttpError) {
      status = answered.statusCode;
      body = { errors: answered.serialize() };
      res.set(answered.headers());
      // A deliberate 5xx (a dependency is down) is still the service failing its caller.
      if (status >= 500) (req.log ?? logger).warn({ err }, 'answered with a server error');
    } else if (isClientParserError(answered)) {
      status = answered.status;
      body = { errors: [{ message: parserMessages[answered.type] ?? 'Bad request' }] };
    } else {
      status = 500;
      body = { errors: [{ message: 'Something went wrong' }] };
      (req.log ?? logger).error({ err }, 'unhandled error');
    }
    res.status(status).json(body);
  };
}
