import request from 'supertest';
import type { Express } from 'express';
import { scryptKey, type DeriveKey } from '../src/domain/password';
import { cheapHasher, startAuthTestContext, type AuthTestContext } from './auth-test-app';

const MAX_PER_CLIENT = 3;
const WINDOW_SECONDS = 600;

let ctx: AuthTestContext;
let clock: Date;
let derivations: number;
let app: Express;
const countingDerive: DeriveKey = (password, salt, cost) => {
  derivations++;
  return scryptKey(password, salt, cost);
};
beforeAll(async () => {
  ctx = await startAuthTestContext({
    TRUST_PROXY: 'loopback',
    SIGNUP_MAX_PER_CLIENT: String(MAX_PER_CLIENT),
    SIGNUP_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
  });
  app = ctx.buildApp({ now: () => clock, hasher: cheapHasher({ derive: countingDerive }) });
});
beforeEach(() => {
  clock = new Date('2026-01-01T12:00:00Z');
  derivations = 0;
});
afterAll(() => ctx.close());

let clientCounter = 0;
/** A distinct client address per test, through the trusted loopback proxy's X-Forwarded-For. */
const newClient = () => `198.51.100.${++clientCounter}`;
let emailCounter = 0;
const newEmail = () => `signup-${++emailCounter}@example.com`;

const signup = (client: string, email: string) =>
  request(app).post('/api/users/signup').set('X-Forwarded-For', client).send({ email, password: 'password123' });

describe('sign-up throttle', () => {
  it('when a client has used up its sign-ups, then the next gets 429 with Retry-After while other clients still sign up', async () => {
    const client = newClient();
    for (let i = 0; i < MAX_PER_CLIENT; i++) expect((await signup(client, newEmail())).status).toBe(201);

    const refused = await signup(client, newEmail());
    const other = await signup(newClient(), newEmail());

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ errors: [{ message: 'Too many sign-ups, try again later' }] });
    expect(Number(refused.get('Retry-After'))).toBe(WINDOW_SECONDS);
    expect(refused.get('Set-Cookie')).toBeUndefined();
    expect(other.status).toBe(201);
  });

  it('when an email is already taken, then the 409 costs a derivation like a new account and counts against the client', async () => {
    const client = newClient();
    const taken = newEmail();
    expect((await signup(client, taken)).status).toBe(201);
    expect(derivations).toBe(1);

    const again = await signup(client, taken);
    expect(derivations).toBe(2);
    expect((await signup(client, newEmail())).status).toBe(201);
    const fourth = await signup(client, newEmail());

    expect(again.status).toBe(409);
    expect(fourth.status).toBe(429);
    expect(derivations).toBe(3);
  });

  it('when the window has passed, then the client may sign up again', async () => {
    const client = newClient();
    for (let i = 0; i < MAX_PER_CLIENT; i++) await signup(client, newEmail());
    expect((await signup(client, newEmail())).status).toBe(429);

    clock = new Date(clock.getTime() + WINDOW_SECONDS * 1000 + 1000);
    const res = await signup(client, newEmail());

    expect(res.status).toBe(201);
  });
});
