import { signSessionToken, type SessionUser } from '@ticketing/common';

/** Everything a route needs to issue a session. */
export interface SessionSettings {
  jwtKey: string;
  expiresInSeconds: number;
}

export const sessionTokenFor = (user: SessionUser, settings: SessionSettings) =>
  signSessionToken(user, settings.jwtKey, settings.expiresInSeconds);
