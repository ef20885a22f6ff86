import type { RequestHandler } from 'express';
import { verifySessionToken, type SessionUser } from '../auth/session-token';
import { NotAuthorizedError } from '../errors/http-errors';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      currentUser?: SessionUser;
    }
  }
}

/** Sets `req.currentUser` when the session holds a valid token; any bad token just means signed out. */
export function currentUser(jwtKey: string): RequestHandler {
  return (req, _res, next) => {
    const user = verifySessionToken(req.session?.jwt, jwtKey);
    if (user) req.currentUser = user;
    next();
  };
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.currentUser) throw new NotAuthorizedError();
  next();
};
