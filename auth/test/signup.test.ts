import request from 'supertest';
import { eq } from 'drizzle-orm';
import type { Envelope } from '@ticketing/common';
import { outbox, users } from '../src/db/schema';
import { startAuthTestContext, type AuthTestContext } from './auth-test-app';

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await startAuthTestContext();
});
afterAll(() => ctx.close());

const signup = (body: unknown) => request(ctx.app).post('/api/users/signup').send(body as object);

describe('POST /api/users/signup', () => {
  it('when the email and password are valid, then it answers 201 with the user and signs them in', async () => {
    const res = await signup({ email: 'seller@example.com', password: 'password123' });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email: 'seller@example.com' });
    const cookie = res.get('Set-Cookie')?.find((c) => c.startsWith('session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; httponly/i);
    expect(cookie).toMatch(/; samesite=lax/i);
    expect(cookie).toMatch(/; expires=/i);
    expect(cookie).not.toMatch(/; secure/i);
  });

  it('when the email has spaces and capitals, then it is stored trimmed and lower-cased', async () => {
    const res = await signup({ email: '  Mixed.Case@Example.COM ', password: 'password123' });

    expect(res.status).toBe(201);
    expect(res.body.email).toBe('mixed.case@example.com');
    const rows = await ctx.database.db.select().from(users).where(eq(users.email, 'mixed.case@example.com'));
    expect(rows).toHaveLength(1);
  });

  it('when the password is stored, then it is a salted scrypt hash, never the password itself', async () => {
    await signup({ email: 'hash-a@example.com', password: 'same password' });
    await signup({ email: 'hash-b@example.com', password: 'same password' });

    const [a] = await ctx.database.db.select().from(users).where(eq(users.email, 'hash-a@example.com'));
    const [b] = await ctx.database.db.select().from(users).where(eq(users.email, 'hash-b@example.com'));
    expect(a!.passwordHash).toMatch(/^scrypt\$/);
    expect(a!.passwordHash).not.toContain('same password');
    expect(a!.passwordHash).not.toBe(b!.passwordHash);
  });

  it('when the email is already registered in another case, then it answers 409 on the email field', async () => {
    await signup({ email: 'taken@example.com', password: 'password123' });

    const res = await signup({ email: 'TAKEN@example.com', password: 'another-password' });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: 'Email already in use', field: 'email' }] });
    expect(res.get('Set-Cookie')).toBeUndefined();
  });

  it('when two signups for one email race, then exactly one user exists and the other gets 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => signup({ email: 'race@example.com', password: 'password123' })),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const rows = await ctx.database.db.select().from(users).where(eq(users.email, 'race@example.com'));
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['a missing email', { password: 'password123' }, 'email'],
    ['an invalid email', { email: 'not-an-email', password: 'password123' }, 'email'],
    ['an email that is a number', { email: 42, password: 'password123' }, 'email'],
    ['an email that is an array', { email: ['a@example.com'], password: 'password123' }, 'email'],
    ['an email that is an object', { email: { $ne: '' }, password: 'password123' }, 'email'],
    ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.com`, password: 'password123' }, 'email'],
    ['a missing password', { email: 'p1@example.com' }, 'password'],
    ['a 7-character password', { email: 'p2@example.com', password: '1234567' }, 'password'],
    ['a 129-character password', { email: 'p3@example.com', password: 'x'.repeat(129) }, 'password'],
    ['a password that is a number', { email: 'p4@example.com', password: 12345678 }, 'password'],
    ['a password that is an array', { email: 'p5@example.com', password: ['password123'] }, 'password'],
  ])('when the body has %s, then it answers 400 on that field and creates nobody', async (_case, body, field) => {
    const before = await ctx.database.db.$count(users);

    const res = await signup(body);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
    expect(await ctx.database.db.$count(users)).toBe(before);
  });

  it('when the body is malformed JSON, then it answers 400 in the common shape', async () => {
    const res = await request(ctx.app)
      .post('/api/users/signup')
      .set('Content-Type', 'application/json')
      .send('{"email": "x@example.com",');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Malformed JSON body' }] });
  });

  it('when the body is larger than the limit, then it answers 413 in the common shape', async () => {
    const res = await signup({ email: 'big@example.com', password: 'password123', padding: 'x'.repeat(200_000) });

    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: [{ message: 'Request body too large' }] });
  });

  it('when the body is not JSON at all, then it answers 400 naming the missing fields', async () => {
    const res = await request(ctx.app).post('/api/users/signup').set('Content-Type', 'text/plain').send('hello');

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });
});

describe('user.created', () => {
  const announcementsOf = async (email: string) =>
    (await ctx.database.db.select().from(outbox))
      .map((row) => row.envelope)
      .filter((envelope): envelope is Envelope<'user.created'> => envelope.subject === 'user.created' && envelope.data.email === email);

  it('when someone signs up, then user.created with their id and stored email waits in the outbox', async () => {
    const res = await signup({ email: ' Announced@Example.com', password: 'password123' });

    expect(res.status).toBe(201);
    expect(await announcementsOf('announced@example.com')).toEqual([
      { id: expect.any(String), subject: 'user.created', occurredAt: expect.any(String), data: { id: res.body.id, email: 'announced@example.com' } },
    ]);
  });

  it('when the email is taken, or two sign-ups race, then the one user is announced once', async () => {
    const results = await Promise.all(Array.from({ length: 3 }, () => signup({ email: 'announced-once@example.com', password: 'password123' })));
    await signup({ email: 'ANNOUNCED-ONCE@example.com', password: 'password123' });

    const created = results.find((r) => r.status === 201)!;
    expect((await announcementsOf('announced-once@example.com')).map((envelope) => envelope.data.id)).toEqual([created.body.id]);
  });
});
