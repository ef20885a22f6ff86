import request from 'supertest';
import type { Express } from 'express';
import { startAuthTestContext, type AuthTestContext } from './auth-test-app';

const MAX_PER_EMAIL = 3;
const MAX_PER_CLIENT = 6;
const WINDOW_SECONDS = 600;

let ctx: AuthTestContext;
let clock: Date;
let app: Express;
beforeAll(async () => {
  ctx = await startAuthTestContext({
    SIGNIN_MAX_ATTEMPTS_PER_EMAIL: String(MAX_PER_EMAIL),
    SIGNIN_MAX_ATTEMPTS_PER_CLIENT: String(MAX_PER_CLIENT),
    SIGNIN_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
  });
  app = ctx.buildApp({ now: () => clock });
});
beforeEach(() => {
  clock = new Date('2026-01-01T12:00:00Z');
});
afterAll(() => ctx.close());

let clientCounter = 0;
/** A distinct client address per test, through the trusted loopback proxy's X-Forwarded-For. */
const newClient = () => `203.0.113.${++clientCounter}`;

async function registered(email: string) {
  await request(app).post('/api/users/signup').send({ email, password: 'right password' }).expect(201);
  return email;
}

const signin = (target: Express, client: string, email: string, password: string) =>
  request(target).post('/api/users/signin').set('X-Forwarded-For', client).send({ email, password });

describe('sign-in throttle', () => {
  it('when an email has used up its attempts, then even the right password gets 429 with Retry-After', async () => {
    const email = await registered('victim@example.com');
    for (let i = 0; i < MAX_PER_EMAIL; i++) {
      expect((await signin(app, newClient(), email, 'wrong')).status).toBe(401);
    }

    const res = await signin(app, newClient(), email, 'right password');

    expect(res.status).toBe(429);
    expect(res.body).toEqual({ errors: [{ message: 'Too many sign-in attempts, try again later' }] });
    expect(Number(res.get('Retry-After'))).toBe(WINDOW_SECONDS);
  });

  it('when the window has passed, then the email may sign in again', async () => {
    const email = await registered('patient@example.com');
    for (let i = 0; i < MAX_PER_EMAIL + 2; i++) await signin(app, newClient(), email, 'wrong');
    expect((await signin(app, newClient(), email, 'right password')).status).toBe(429);

    clock = new Date(clock.getTime() + WINDOW_SECONDS * 1000 + 1000);
    const res = await signin(app, newClient(), email, 'right password');

    expect(res.status).toBe(200);
  });

  it('when a user signs in successfully, then their earlier failures are forgotten', async () => {
    const email = await registered('forgetful@example.com');
    const client = newClient();
    for (let i = 0; i < MAX_PER_EMAIL - 1; i++) await signin(app, client, email, 'wrong');
    expect((await signin(app, client, email, 'right password')).status).toBe(200);

    for (let i = 0; i < MAX_PER_EMAIL - 1; i++) expect((await signin(app, client, email, 'wrong')).status).toBe(401);
    const res = await signin(app, client, email, 'right password');

    expect(res.status).toBe(200);
  });

  it('when one client guesses across many emails, then it is throttled while other clients are not', async () => {
    const guesser = newClient();
    for (let i = 0; i < MAX_PER_CLIENT; i++) {
      expect((await signin(app, guesser, `guess-${i}@example.com`, 'wrong')).status).toBe(401);
    }
    const email = await registered('bystander@example.com');

    const fromGuesser = await signin(app, guesser, email, 'right password');
    const fromOther = await signin(app, newClient(), email, 'right password');

    expect(fromGuesser.status).toBe(429);
    expect(fromOther.status).toBe(200);
  });

  it('when failures are spread over two replicas, then the limit holds across both', async () => {
    const replicaA = ctx.buildApp({ now: () => clock });
    const replicaB = ctx.buildApp({ now: () => clock });
    const email = await registered('spread@example.com');
    expect((await signin(replicaA, newClient(), email, 'wrong')).status).toBe(401);
    expect((await signin(replicaB, newClient(), email, 'wrong')).status).toBe(401);
    expect((await signin(replicaA, newClient(), email, 'wrong')).status).toBe(401);

    const res = await signin(replicaB, newClient(), email, 'right password');

    expect(res.status).toBe(429);
  });

  it('when twenty guesses for one email arrive at once, then at most the limit are checked', async () => {
    const email = await registered('burst@example.com');

    const results = await Promise.all(Array.from({ length: 20 }, () => signin(app, newClient(), email, 'wrong')));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_PER_EMAIL);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - MAX_PER_EMAIL);
  });
});
