import type { RequestHandler } from 'express';
import { RequestValidationError, type ErrorItem } from '../errors/http-errors';
import { expressValidator } from './express-validator';

/** Ends the request with 400 and one item per invalid field when the route's validators failed. */
export const validateRequest: RequestHandler = (req, _res, next) => {
  const result = expressValidator().validationResult(req);
  if (result.isEmpty()) return next();
  const items: ErrorItem[] = result.array({ onlyFirstError: true }).map((error) => {
    const message = String(error.msg);
    return error.type === 'field' ? { message, field: error.path } : { message };
  });
  throw new RequestValidationError(items);
};
