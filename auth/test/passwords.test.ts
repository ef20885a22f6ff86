import request from 'supertest';
import { eq } from 'drizzle-orm';
import { users } from '../src/db/schema';
import { HashingSlots } from '../src/domain/hashing-slots';
import { CURRENT_SCRYPT_COST, PasswordHasher, scryptKey, type ScryptCost } from '../src/domain/password';
import { startAuthTestContext, type AuthTestContext } from './auth-test-app';

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await startAuthTestContext();
});
afterAll(() => ctx.close());

const slots = () => new HashingSlots({ signupSlots: 1, slotsReservedForSignins: 1 });
const signin = (email: string, password: string) => request(ctx.app).post('/api/users/signin').send({ email, password });
const storedHash = async (email: string) => (await ctx.database.db.select().from(users).where(eq(users.email, email)))[0]!.passwordHash;

describe('password hashes', () => {
  it('when a user signs up, then the password is hashed with scrypt N=2^17, r=8, p=1', async () => {
    await request(ctx.app).post('/api/users/signup').send({ email: 'new@example.com', password: 'password123' }).expect(201);

    expect(await storedHash('new@example.com')).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('when a user whose hash has N=2^15 signs in, then a hash with the current parameters replaces it and still verifies', async () => {
    const older = await new PasswordHasher({ slots: slots(), cost: { N: 2 ** 15, r: 8, p: 1 } }).hash('old password', 'signup');
    await ctx.database.db.insert(users).values({ email: 'old@example.com', passwordHash: older });

    const res = await signin('old@example.com', 'old password');

    expect(res.status).toBe(200);
    const upgraded = await storedHash('old@example.com');
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await new PasswordHasher({ slots: slots() }).verify('old password', upgraded)).toBe(true);
    expect((await signin('old@example.com', 'old password')).status).toBe(200);
    expect(await storedHash('old@example.com')).toBe(upgraded);
  });

  it('when the email is unknown, then the decoy check derives with the current parameters', async () => {
    const costs: ScryptCost[] = [];
    const app = ctx.buildApp({
      hasher: new PasswordHasher({
        slots: slots(),
        derive: (password, salt, cost) => {
          costs.push(cost);
          return scryptKey(password, salt, cost);
        },
      }),
    });

    const res = await request(app).post('/api/users/signin').send({ email: 'nobody@example.com', password: 'a password' });

    expect(res.status).toBe(401);
    expect(costs.length).toBeGreaterThan(0);
    expect(costs).toEqual(costs.map(() => CURRENT_SCRYPT_COST));
  });

  it.each([
    ['N that is not a power of two', 'scrypt$3$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5'],
    ['N far above the bound', `scrypt$${2 ** 40}$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5`],
  ])('when a stored hash has %s, then sign-in answers 401, never a 500', async (_case, passwordHash) => {
    const email = `odd-${passwordHash.split('$')[1]}@example.com`;
    await ctx.database.db.insert(users).values({ email, passwordHash });

    const res = await signin(email, 'any password');

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid email or password' }] });
  });
});
