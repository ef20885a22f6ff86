import request from 'supertest';
import type { Express } from 'express';
import { clientNetwork } from '../src/domain/throttle-window';
import { cheapHasher, startAuthTestContext, type AuthTestContext } from './auth-test-app';

const MAX_PER_EMAIL_AND_CLIENT = 3;
const MAX_PER_CLIENT = 6;
const PER_EMAIL_BEFORE_DELAY = 4;
const MAX_DELAY_MS = 1000;
const WINDOW_SECONDS = 600;

let ctx: AuthTestContext;
let clock: Date;
/** The delays sign-in asked for, in order; the test's wait resolves at once. */
let delays: number[];
let app: Express;
const buildReplica = () =>
  ctx.buildApp({
    now: () => clock,
    wait: async (ms) => {
      delays.push(ms);
    },
    hasher: cheapHasher(),
  });
beforeAll(async () => {
  ctx = await startAuthTestContext({
    TRUST_PROXY: 'loopback',
    SIGNIN_MAX_ATTEMPTS_PER_EMAIL_AND_CLIENT: String(MAX_PER_EMAIL_AND_CLIENT),
    SIGNIN_MAX_ATTEMPTS_PER_CLIENT: String(MAX_PER_CLIENT),
    SIGNIN_ATTEMPTS_PER_EMAIL_BEFORE_DELAY: String(PER_EMAIL_BEFORE_DELAY),
    SIGNIN_MAX_DELAY_MS: String(MAX_DELAY_MS),
    SIGNIN_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
  });
  app = buildReplica();
});
beforeEach(() => {
  clock = new Date('2026-01-01T12:00:00Z');
  delays = [];
});
afterAll(() => ctx.close());

let clientCounter = 0;
/** A distinct client address each time, through the trusted loopback proxy's X-Forwarded-For. */
const newClient = () => {
  const n = clientCounter++;
  return `203.0.${Math.floor(n / 250)}.${(n % 250) + 1}`;
};

async function registered(email: string) {
  await request(app).post('/api/users/signup').set('X-Forwarded-For', newClient()).send({ email, password: 'right password' }).expect(201);
  return email;
}

const signin = (target: Express, client: string, email: string, password: string) =>
  request(target).post('/api/users/signin').set('X-Forwarded-For', client).send({ email, password });

describe('sign-in throttle', () => {
  it('when strangers fail for an email from many addresses, then its owner still signs in from their own', async () => {
    const email = await registered('victim@example.com');
    const owner = newClient();
    for (let i = 0; i < 3 * PER_EMAIL_BEFORE_DELAY; i++) {
      expect((await signin(app, newClient(), email, 'wrong')).status).toBe(401);
    }

    const res = await signin(app, owner, email, 'right password');

    expect(res.status).toBe(200);
    expect(res.body.email).toBe(email);
  });

  it('when an email has had its allowance from everywhere, then each answer is delayed longer, up to the cap, and none refused', async () => {
    const email = await registered('popular@example.com');
    for (let i = 0; i < PER_EMAIL_BEFORE_DELAY; i++) await signin(app, newClient(), email, 'wrong');
    expect(delays).toEqual([]);

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await signin(app, newClient(), email, 'wrong')).status);
    const owner = await signin(app, newClient(), email, 'right password');

    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(delays).toEqual([250, 500, 1000, 1000, 1000]);
    expect(owner.status).toBe(200);
  });

  it('when one address fails for an email past its limit, then that address gets 429 with Retry-After and the owner elsewhere does not', async () => {
    const email = await registered('targeted@example.com');
    const stranger = newClient();
    for (let i = 0; i < MAX_PER_EMAIL_AND_CLIENT; i++) {
      expect((await signin(app, stranger, email, 'wrong')).status).toBe(401);
    }

    const fromStranger = await signin(app, stranger, email, 'right password');
    const fromOwner = await signin(app, newClient(), email, 'right password');

    expect(fromStranger.status).toBe(429);
    expect(fromStranger.body).toEqual({ errors: [{ message: 'Too many sign-in attempts, try again later' }] });
    expect(Number(fromStranger.get('Retry-After'))).toBe(WINDOW_SECONDS);
    expect(fromOwner.status).toBe(200);
  });

  it('when attempts from one address are refused, then they do not count for the email and its owner is not delayed', async () => {
    const email = await registered('hammered@example.com');
    const stranger = newClient();
    for (let i = 0; i < 5 * PER_EMAIL_BEFORE_DELAY; i++) await signin(app, stranger, email, 'wrong');

    const res = await signin(app, newClient(), email, 'right password');

    expect(res.status).toBe(200);
    expect(delays).toEqual([]);
  });

  it('when the window has passed, then the address may try that email again', async () => {
    const email = await registered('patient@example.com');
    const client = newClient();
    for (let i = 0; i < MAX_PER_EMAIL_AND_CLIENT + 2; i++) await signin(app, client, email, 'wrong');
    expect((await signin(app, client, email, 'right password')).status).toBe(429);

    clock = new Date(clock.getTime() + WINDOW_SECONDS * 1000 + 1000);
    const res = await signin(app, client, email, 'right password');

    expect(res.status).toBe(200);
  });

  it('when a user signs in successfully, then their earlier failures from that address are forgotten', async () => {
    const email = await registered('forgetful@example.com');
    const client = newClient();
    for (let i = 0; i < MAX_PER_EMAIL_AND_CLIENT - 1; i++) await signin(app, client, email, 'wrong');
    expect((await signin(app, client, email, 'right password')).status).toBe(200);

    for (let i = 0; i < MAX_PER_EMAIL_AND_CLIENT - 1; i++) expect((await signin(app, client, email, 'wrong')).status).toBe(401);
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

  it('when one client guesses from many addresses of its IPv6 /64, then they share one limit', async () => {
    for (let i = 0; i < MAX_PER_CLIENT; i++) {
      expect((await signin(app, `2001:db8:7:1::${i + 1}`, `v6-guess-${i}@example.com`, 'wrong')).status).toBe(401);
    }
    const email = await registered('v6-bystander@example.com');

    const fromSameNetwork = await signin(app, '2001:db8:7:1:ffff:ffff:ffff:ffff', email, 'right password');
    const fromNextNetwork = await signin(app, '2001:db8:7:2::1', email, 'right password');

    expect(fromSameNetwork.status).toBe(429);
    expect(fromNextNetwork.status).toBe(200);
  });

  it('when one address spreads its failures over two replicas, then the limit holds across both', async () => {
    const replicaA = buildReplica();
    const replicaB = buildReplica();
    const email = await registered('spread@example.com');
    const client = newClient();
    expect((await signin(replicaA, client, email, 'wrong')).status).toBe(401);
    expect((await signin(replicaB, client, email, 'wrong')).status).toBe(401);
    expect((await signin(replicaA, client, email, 'wrong')).status).toBe(401);

    const res = await signin(replicaB, client, email, 'right password');

    expect(res.status).toBe(429);
  });

  it('when twenty guesses for one email arrive at once from one address, then at most the limit are checked', async () => {
    const email = await registered('burst@example.com');
    const client = newClient();

    const results = await Promise.all(Array.from({ length: 20 }, () => signin(app, client, email, 'wrong')));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_PER_EMAIL_AND_CLIENT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - MAX_PER_EMAIL_AND_CLIENT);
  });
});

describe('the network a client address counts for', () => {
  it.each([
    ['an IPv4 address', '203.0.113.7', '203.0.113.7'],
    ['an IPv4-mapped IPv6 address', '::ffff:203.0.113.7', '203.0.113.7'],
    ['a compressed IPv6 address', '2001:DB8::1', '2001:db8:0:0::/64'],
    ['a full IPv6 address with leading zeros', '2001:0db8:0001:0002:0003:0004:0005:0006', '2001:db8:1:2::/64'],
    ['an IPv6 address compressed at the start', '::2:3:4:5:6:7', '0:0:2:3::/64'],
    ['an IPv6 address ending in dotted IPv4', '64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['a link-local IPv6 address with a zone', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('when it is %s (%s), then it counts as %s', (_case, address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });
});
