import type { RequestHandler } from 'express';
import { NotFoundError } from '../errors/http-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A malformed id cannot name anything: 404, as for an id that does not exist, before any query. */
export function uuidParam(name: string): RequestHandler {
  return (req, _res, next) => {
    if (!isUuid(req.params[name])) throw new NotFoundError();
    next();
  };
}
