import { problemsFrom, type Problem } from './errors';
import { reshapeUser } from './reshape';
import type { User } from './types';
import type { WireUser } from './wire';

/**
 * The session calls, made from the browser to the same-origin API. They are the only API calls that
 * do not go through the server: the auth service then sets (or clears) the session cookie on the
 * visitor's own connection, so its Secure flag matches the scheme the visitor used, and its sign-in
 * throttle counts the visitor's address rather than the web server's.
 */

export type SessionResult = { ok: true; user: User | null } | { ok: false; problems: Problem[] };

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not the API's JSON (a proxy's error page): problemsFrom says so by status.
  }
  return { status: res.status, body: parsed };
}

async function session(path: string, body: unknown): Promise<SessionResult> {
  let answer: { status: number; body: unknown };
  try {
    answer = await post(path, body);
  } catch {
    return { ok: false, problems: [{ message: 'The ticketing service cannot be reached. Check your connection and try again.' }] };
  }
  if (answer.status >= 200 && answer.status < 300) {
    return { ok: true, user: answer.body ? reshapeUser(answer.body as WireUser) : null };
  }
  return { ok: false, problems: problemsFrom(answer.body, answer.status) };
}

export interface Credentials {
  email: string;
  password: string;
}

export const signUp = (credentials: Credentials) => session('/api/users/signup', credentials);

export const signIn = (credentials: Credentials) => session('/api/users/signin', credentials);

export const signOut = () => session('/api/users/signout', {});
