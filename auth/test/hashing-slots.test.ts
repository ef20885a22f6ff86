import { setImmediate as nextTurn } from 'node:timers/promises';
import request from 'supertest';
import { eventually } from '@ticketing/common/testing';
import { HashingSlots, type HashingLane } from '../src/domain/hashing-slots';
import { scryptKey, type DeriveKey } from '../src/domain/password';
import { cheapHasher, startAuthTestContext, type AuthTestContext } from './auth-test-app';

/** A task that holds its slot until the test finishes or fails it, and says whether it has started. */
function heldTask(slots: HashingSlots, lane: HashingLane) {
  const settle = {} as { finish: () => void; fail: (err: Error) => void };
  let started = false;
  const done = slots.run(lane, () => {
    started = true;
    return new Promise<void>((finish, fail) => Object.assign(settle, { finish, fail }));
  });
  return {
    done,
    get started() {
      return started;
    },
    finish: () => settle.finish(),
    fail: (err: Error) => settle.fail(err),
  };
}

describe('hashing slots', () => {
  it('when sign-ups fill their slots and more queue, then a sign-in still starts at once', async () => {
    const slots = new HashingSlots({ signupSlots: 1, slotsReservedForSignins: 1 });
    const signups = [heldTask(slots, 'signup'), heldTask(slots, 'signup'), heldTask(slots, 'signup')];
    await nextTurn();
    expect(slots.state).toEqual({ running: { signin: 0, signup: 1 }, queued: { signin: 0, signup: 2 } });

    const signin = heldTask(slots, 'signin');
    await nextTurn();

    expect(signin.started).toBe(true);
    expect(signups.map((t) => t.started)).toEqual([true, false, false]);
    expect(slots.state).toEqual({ running: { signin: 1, signup: 1 }, queued: { signin: 0, signup: 2 } });
  });

  it('when a slot frees while a sign-up and a later sign-in wait, then the sign-in goes first', async () => {
    const slots = new HashingSlots({ signupSlots: 1, slotsReservedForSignins: 1 });
    const first = heldTask(slots, 'signin');
    heldTask(slots, 'signin');
    const waitingSignup = heldTask(slots, 'signup');
    const waitingSignin = heldTask(slots, 'signin');
    await nextTurn();
    expect(slots.state.queued).toEqual({ signin: 1, signup: 1 });

    first.finish();
    await nextTurn();

    expect(waitingSignin.started).toBe(true);
    expect(waitingSignup.started).toBe(false);
  });

  it('when a derivation fails, then its slot is given to the next in line', async () => {
    const slots = new HashingSlots({ signupSlots: 1, slotsReservedForSignins: 1 });
    const failing = heldTask(slots, 'signup');
    const next = heldTask(slots, 'signup');
    await nextTurn();

    failing.fail(new Error('derivation failed'));

    await expect(failing.done).rejects.toThrow('derivation failed');
    await nextTurn();
    expect(next.started).toBe(true);
    expect(slots.state).toEqual({ running: { signin: 0, signup: 1 }, queued: { signin: 0, signup: 0 } });
  });
});

describe('hashing under a flood of sign-ups', () => {
  let ctx: AuthTestContext;
  beforeAll(async () => {
    ctx = await startAuthTestContext();
  });
  afterAll(() => ctx.close());

  it('when sign-ups are queued for hashing, then a sign-in is answered before any of them', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const floodPassword = 'flood password';
    const derive: DeriveKey = async (password, salt, cost) => {
      if (password === floodPassword) await gate;
      return scryptKey(password, salt, cost);
    };
    const hasher = cheapHasher({ derive });
    const app = ctx.buildApp({ hasher });
    await request(app).post('/api/users/signup').send({ email: 'regular@example.com', password: 'right password' }).expect(201);

    const flood = Array.from({ length: 4 }, (_, i) =>
      request(app).post('/api/users/signup').send({ email: `flood-${i}@example.com`, password: floodPassword }).then((res) => res.status),
    );
    await eventually(() => expect(hasher.slots.state).toEqual({ running: { signin: 0, signup: 1 }, queued: { signin: 0, signup: 3 } }));

    const signin = await request(app).post('/api/users/signin').send({ email: 'regular@example.com', password: 'right password' });

    expect(signin.status).toBe(200);
    expect(hasher.slots.state.queued.signup).toBe(3);
    openGate();
    expect(await Promise.all(flood)).toEqual([201, 201, 201, 201]);
  });
});
