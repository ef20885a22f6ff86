import { Router } from 'express';
import { body } from 'express-validator';
import request from 'supertest';
import { requireAuth, signSessionToken, validateRequest } from '../src';
import { fakeSession, sessionCookieHeader } from '../src/testing';
import { JWT_KEY, base64, buildApp, errorBody } from './helpers';

/** GET /me answers the current user; GET /private needs one; POST /items validates its body. */
function buildTestApp(overrides: Parameters<typeof buildApp>[0] = {}) {
  const routes = Router();
  routes.get('/me', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
  routes.get('/private', requireAuth, (req, res) => {
    res.json({ id: req.currentUser?.id });
  });
  routes.post(
    '/items',
    body('x').isInt().withMessage('x must be an integer').isLength({ max: 3 }).withMessage('x is too long'),
    body('name').isString().withMessage('name is required'),
    validateRequest,
    (_req, res) => {
      res.status(201).json({ created: true });
    },
  );
  routes.post('/signin', (req, res) => {
    req.session = { jwt: signSessionToken({ id: '7d444840-9dc0-41a1-9f4d-5a4e2e3b2c10', email: 'seven@example.test' }, JWT_KEY, 60) };
    res.status(204).end();
  });
  return buildApp({ routes: [routes], ...overrides });
}

describe('currentUser', () => {
  it('when the session cookie holds a valid token, then req.currentUser is its user', async () => {
    // Arrange
    const app = buildTestApp();
    const { user, cookie } = fakeSession(JWT_KEY, { email: 'ann@example.test' });

    // Act
    const res = await request(app).get('/me').set('Cookie', cookie);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ currentUser: { id: user.id, email: 'ann@example.test' } });
  });

  it('when the cookie is built from a token with sessionCookieHeader, then that user is signed in', async () => {
    // Arrange
    const app = buildTestApp();
    const token = signSessionToken({ id: '42b1e1c8-5d0e-4c5b-9a8e-2f3c4d5e6f70', email: 'b@example.test' }, JWT_KEY, 60);

    // Act
    const res = await request(app).get('/me').set('Cookie', sessionCookieHeader(token));

    // Assert
    expect(res.body).toStrictEqual({ currentUser: { id: '42b1e1c8-5d0e-4c5b-9a8e-2f3c4d5e6f70', email: 'b@example.test' } });
  });

  it('when there is no cookie, then there is no current user', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).get('/me');

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ currentUser: null });
  });

  it('when the token was signed with another key, then there is no current user', async () => {
    // Arrange
    const app = buildTestApp();
    const { cookie } = fakeSession('some-other-key-that-is-long-enough-too');

    // Act
    const res = await request(app).get('/me').set('Cookie', cookie);

    // Assert
    expect(res.body).toStrictEqual({ currentUser: null });
  });

  it.each([
    ['not base64', 'session=%%%not~base64!!'],
    ['base64 of non-JSON', `session=${base64('this is not json')}`],
    ['JSON without jwt', `session=${base64(JSON.stringify({ user: 'ann' }))}`],
    ['JSON whose jwt is not a string', `session=${base64(JSON.stringify({ jwt: { id: 'x' } }))}`],
    ['JSON whose jwt is not a token', `session=${base64(JSON.stringify({ jwt: 'garbage' }))}`],
    ['a JSON primitive', `session=${base64('"jwt"')}`],
    ['JSON null', `session=${base64('null')}`],
    ['an empty value', 'session='],
  ])('when the cookie is %s, then the user is signed out, not a 500', async (_case, cookie) => {
    // Arrange
    const app = buildTestApp();

    // Act
    const me = await request(app).get('/me').set('Cookie', cookie);
    const privateRes = await request(app).get('/private').set('Cookie', cookie);

    // Assert
    expect(me.status).toBe(200);
    expect(me.body).toStrictEqual({ currentUser: null });
    expect(privateRes.status).toBe(401);
  });
});

describe('session cookie', () => {
  it('when a route signs the user in, then the cookie is httpOnly and SameSite=Lax and signs them in on the next request', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const signin = await request(app).post('/signin');
    const cookie = signin.get('Set-Cookie')?.find((c) => c.startsWith('session='));
    const me = await request(app)
      .get('/me')
      .set('Cookie', cookie?.split(';')[0] ?? '');

    // Assert
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    expect(cookie).not.toMatch(/; secure/i);
    expect(me.body).toStrictEqual({ currentUser: { id: '7d444840-9dc0-41a1-9f4d-5a4e2e3b2c10', email: 'seven@example.test' } });
  });

  it('when secure cookies are on behind a trusted https proxy, then the cookie is Secure', async () => {
    // Arrange
    const app = buildTestApp({ session: { jwtKey: JWT_KEY, secureCookies: true, maxAgeSeconds: 3600 }, trustProxy: true });

    // Act
    const res = await request(app).post('/signin').set('X-Forwarded-Proto', 'https');

    // Assert
    expect(res.status).toBe(204);
    expect(res.get('Set-Cookie')?.find((c) => c.startsWith('session='))).toMatch(/; secure/i);
  });
});

describe('requireAuth', () => {
  it('when signed out, then 401 in the common shape', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).get('/private');

    // Assert
    expect(res.status).toBe(401);
    expect(res.body).toStrictEqual(errorBody('Not signed in'));
  });

  it('when signed in, then the route runs', async () => {
    // Arrange
    const app = buildTestApp();
    const { user, cookie } = fakeSession(JWT_KEY);

    // Act
    const res = await request(app).get('/private').set('Cookie', cookie);

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ id: user.id });
  });
});

describe('validateRequest', () => {
  it('when a field fails its validator, then 400 with the field named', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).post('/items').send({ x: 'abc', name: 'ok' });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(errorBody('x must be an integer', 'x'));
  });

  it('when a field fails several validators, then only its first error is reported', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).post('/items').send({ x: 'abcdef', name: 'ok' });

    // Assert
    expect(res.body).toStrictEqual(errorBody('x must be an integer', 'x'));
  });

  it('when several fields are invalid, then one item per field', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).post('/items').send({ x: '12345' });

    // Assert
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      errors: [
        { message: 'x is too long', field: 'x' },
        { message: 'name is required', field: 'name' },
      ],
    });
  });

  it('when every field is valid, then the route runs', async () => {
    // Arrange
    const app = buildTestApp();

    // Act
    const res = await request(app).post('/items').send({ x: 12, name: 'ok' });

    // Assert
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({ created: true });
  });
});
