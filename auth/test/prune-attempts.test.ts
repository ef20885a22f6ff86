import request from 'supertest';
import type { Express } from 'express';
import { signinAttempts, signupAttempts } from '../src/db/schema';
import { pruneFinishedAttempts } from '../src/domain/prune-attempts';
import { cheapHasher, startAuthTestContext, type AuthTestContext } from './auth-test-app';

const SIGNIN_WINDOW_SECONDS = 900;
const SIGNUP_WINDOW_SECONDS = 600;
const windows = { signinWindowSeconds: SIGNIN_WINDOW_SECONDS, signupWindowSeconds: SIGNUP_WINDOW_SECONDS };

let ctx: AuthTestContext;
let clock: Date;
let app: Express;
beforeAll(async () => {
  ctx = await startAuthTestContext({
    TRUST_PROXY: 'loopback',
    SIGNIN_THROTTLE_WINDOW_SECONDS: String(SIGNIN_WINDOW_SECONDS),
    SIGNUP_THROTTLE_WINDOW_SECONDS: String(SIGNUP_WINDOW_SECONDS),
  });
  app = ctx.buildApp({ now: () => clock, hasher: cheapHasher() });
});
afterAll(() => ctx.close());

const start = new Date('2026-01-01T12:00:00Z');
const secondsLater = (seconds: number) => new Date(start.getTime() + seconds * 1000);

const failSignin = (client: string, email: string) =>
  request(app).post('/api/users/signin').set('X-Forwarded-For', client).send({ email, password: 'wrong' }).expect(401);
const signup = (client: string, email: string) =>
  request(app).post('/api/users/signup').set('X-Forwarded-For', client).send({ email, password: 'password123' }).expect(201);

const keysOf = async (table: typeof signinAttempts) => (await ctx.database.db.select({ key: table.key }).from(table)).map((r) => r.key).sort();

describe('pruning throttle counts', () => {
  it('when a window has ended, then its counts are deleted and those of running windows kept, each table by its own window', async () => {
    clock = start;
    await failSignin('192.0.2.1', 'early@example.com');
    await signup('192.0.2.2', 'early-signup@example.com');
    clock = secondsLater(700);
    await failSignin('192.0.2.3', 'late@example.com');
    await signup('192.0.2.4', 'late-signup@example.com');
    const earlySignins = ['client:192.0.2.1', 'email+client:192.0.2.1 early@example.com', 'email:early@example.com'];
    const lateSignins = ['client:192.0.2.3', 'email+client:192.0.2.3 late@example.com', 'email:late@example.com'];

    const prunedFirst = await pruneFinishedAttempts(ctx.database.db, secondsLater(700), windows);

    expect(prunedFirst).toBe(1);
    expect(await keysOf(signupAttempts)).toEqual(['client:192.0.2.4']);
    expect(await keysOf(signinAttempts)).toEqual([...earlySignins, ...lateSignins].sort());

    const prunedThen = await pruneFinishedAttempts(ctx.database.db, secondsLater(1000), windows);

    expect(prunedThen).toBe(3);
    expect(await keysOf(signinAttempts)).toEqual(lateSignins.sort());
    expect(await keysOf(signupAttempts)).toEqual(['client:192.0.2.4']);
  });
});
