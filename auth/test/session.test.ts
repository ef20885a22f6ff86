import jwt from 'jsonwebtoken';
import request from 'supertest';
import { signUp, sessionCookieHeader } from '@ticketing/common/testing';
import { startAuthTestContext, cookiesOf, type AuthTestContext } from './auth-test-app';

/** A user id of the shape auth issues, for tokens that are refused for another reason. */
const someoneId = '0f8fad5b-d9cb-469f-a165-70867728950e';

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await startAuthTestContext();
});
afterAll(() => ctx.close());

const currentUser = (cookie?: string) => {
  const req = request(ctx.app).get('/api/users/currentuser');
  return cookie === undefined ? req : req.set('Cookie', cookie);
};

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('GET /api/users/currentuser', () => {
  it('when nobody is signed in, then currentUser is null', async () => {
    const res = await currentUser();

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the session cookie comes from signup, then it names the user', async () => {
    const { user, cookie } = await signUp(ctx.app, { email: 'me@example.com' });

    const res = await currentUser(cookie);

    expect(res.body).toEqual({ currentUser: { id: user.id, email: 'me@example.com' } });
  });

  it.each([
    ['expired', () => jwt.sign({ id: someoneId, email: 'a@example.com', exp: Math.floor(Date.now() / 1000) - 10 }, ctx.config.JWT_KEY)],
    ['signed with another key', () => jwt.sign({ id: someoneId, email: 'a@example.com' }, 'another-key-that-is-long-enough-000000')],
    ['unsigned (alg none)', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ id: someoneId, email: 'a@example.com' })}.`],
    [
      'tampered after signing',
      () => {
        const [header, , signature] = jwt.sign({ id: someoneId, email: 'a@example.com' }, ctx.config.JWT_KEY).split('.');
        return `${header}.${base64url({ id: 'admin', email: 'admin@example.com' })}.${signature}`;
      },
    ],
    ['signed with the key but naming a user id that is not a UUID', () => jwt.sign({ id: 'admin', email: 'admin@example.com' }, ctx.config.JWT_KEY)],
    ['not a JWT', () => 'hello'],
  ])('when the token is %s, then currentUser is null, never a 500', async (_case, makeToken) => {
    const res = await currentUser(sessionCookieHeader(makeToken()));

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it.each([
    ['not base64 JSON', 'session=%%%not-base64'],
    ['base64 of plain text', `session=${Buffer.from('plain').toString('base64')}`],
    ['JSON without a jwt', `session=${Buffer.from('{"other":1}').toString('base64')}`],
  ])('when the cookie is %s, then currentUser is null, never a 500', async (_case, cookie) => {
    const res = await currentUser(cookie);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });
});

describe('sessions', () => {
  it('when a user signs out, then the cookie is cleared and the session is gone', async () => {
    const { cookie } = await signUp(ctx.app);

    const res = await request(ctx.app).post('/api/users/signout').set('Cookie', cookie);

    expect(res.status).toBe(204);
    const cleared = cookiesOf(res.get('Set-Cookie'));
    expect(cleared).toBe('session=');
    expect((await currentUser(cleared)).body).toEqual({ currentUser: null });
  });

  it('when the session token is issued, then it expires after JWT_EXPIRES_IN_SECONDS, as does the cookie', async () => {
    const shortLived = ctx.buildApp({ env: { JWT_EXPIRES_IN_SECONDS: '120' } });
    const before = Math.floor(Date.now() / 1000);

    const res = await request(shortLived).post('/api/users/signup').send({ email: 'short@example.com', password: 'password123' });

    const setCookie = res.get('Set-Cookie')!.find((c) => c.startsWith('session='))!;
    const value = setCookie.split(';')[0]!.slice('session='.length);
    const token = JSON.parse(Buffer.from(value, 'base64').toString()).jwt as string;
    const { exp } = jwt.decode(token) as { exp: number };
    expect(exp - before).toBeGreaterThanOrEqual(119);
    expect(exp - before).toBeLessThanOrEqual(121);
    const expires = Date.parse(/expires=([^;]+)/i.exec(setCookie)![1]!) / 1000;
    expect(Math.abs(expires - exp)).toBeLessThanOrEqual(2);
  });

  it('when running in production behind an https proxy, then the cookie is Secure', async () => {
    const production = ctx.buildApp({ env: { NODE_ENV: 'production', TRUST_PROXY: 'loopback', NATS_USER: 'auth', NATS_PASSWORD: 'nats-password' } });

    const res = await request(production)
      .post('/api/users/signup')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: 'prod@example.com', password: 'password123' });

    expect(res.status).toBe(201);
    expect(res.get('Set-Cookie')!.find((c) => c.startsWith('session='))).toMatch(/; secure/i);
  });

  it('when the service is up, then /readyz reports the database ready and /metrics counts requests', async () => {
    const ready = await request(ctx.app).get('/readyz');
    const metrics = await request(ctx.app).get('/metrics');

    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok' } });
    expect(metrics.text).toContain('http_request_duration_seconds_count');
    expect(metrics.text).toMatch(/route="\/api\/users\/currentuser"/);
  });
});
