import request from 'supertest';
import { startAuthTestContext, type AuthTestContext } from './auth-test-app';

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await startAuthTestContext();
  await request(ctx.app).post('/api/users/signup').send({ email: 'buyer@example.com', password: 'right password' });
});
afterAll(() => ctx.close());

const signin = (body: unknown) => request(ctx.app).post('/api/users/signin').send(body as object);

describe('POST /api/users/signin', () => {
  it('when the credentials are right, then it answers 200 with the user and a session cookie', async () => {
    const res = await signin({ email: 'buyer@example.com', password: 'right password' });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), email: 'buyer@example.com' });
    expect(res.get('Set-Cookie')?.some((c) => c.startsWith('session=') && /httponly/i.test(c))).toBe(true);
  });

  it('when the email differs only in case and spaces, then it still signs in', async () => {
    const res = await signin({ email: ' BUYER@Example.com ', password: 'right password' });

    expect(res.status).toBe(200);
  });

  it('when the password is wrong or the email unknown, then both get the same 401 and no cookie', async () => {
    const wrongPassword = await signin({ email: 'buyer@example.com', password: 'wrong password' });
    const unknownEmail = await signin({ email: 'nobody@example.com', password: 'right password' });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({ errors: [{ message: 'Invalid email or password' }] });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.get('Set-Cookie')).toBeUndefined();
    expect(unknownEmail.get('Set-Cookie')).toBeUndefined();
  });

  it.each([
    ['no password', { email: 'buyer@example.com' }, 'password'],
    ['an empty password', { email: 'buyer@example.com', password: '' }, 'password'],
    ['a password object', { email: 'buyer@example.com', password: { $gt: '' } }, 'password'],
    ['an invalid email', { email: 'buyer', password: 'right password' }, 'email'],
  ])('when the body has %s, then it answers 400 on that field', async (_case, body, field) => {
    const res = await signin(body);

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ message: expect.any(String), field });
  });
});
