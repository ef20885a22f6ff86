import { request } from 'node:http';
import { connect } from 'node:net';
import { startSuite, type RunningSuite } from '../src/running-suite';
import { services } from '../src/services';

/** Low, so that a few attempts show whether rotating X-Forwarded-For earned a fresh bucket. */
const ATTEMPTS_PER_CLIENT = 3;
const authPort = (suite: RunningSuite) => Number(new URL(suite.baseUrl).port) + services.find((s) => s.name === 'auth')!.portOffset;

let suite: RunningSuite;

beforeAll(async () => {
  suite = await startSuite({ SIGNIN_MAX_ATTEMPTS_PER_CLIENT: String(ATTEMPTS_PER_CLIENT) });
}, 180_000);
afterAll(() => suite?.stop(), 60_000);

/**
 * A failing sign-in from `localAddress`, claiming to be `claimedAddress`. Each uses a new email, so
 * only the per-client limit can refuse it.
 */
function signIn(port: number, localAddress: string, claimedAddress: string, attempt: number): Promise<number> {
  const body = JSON.stringify({ email: `stranger-${attempt}-${claimedAddress}@example.com`, password: 'not-the-password' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/api/users/signin',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': claimedAddress },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One more than the limit, each from a new claimed address; resolves with every status in turn. */
async function rotatingAttempts(port: number, localAddress: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt <= ATTEMPTS_PER_CLIENT; attempt++) {
    statuses.push(await signIn(port, localAddress, `203.0.113.${attempt + 1}`, attempt));
  }
  return statuses;
}

const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port }, () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const refusedAfterTheLimit = [...Array<number>(ATTEMPTS_PER_CLIENT).fill(401), 429];

describe('the client address the throttles key on', () => {
  it('when a client rotates X-Forwarded-For through the gateway, then it still has one sign-in bucket', async () => {
    expect(await rotatingAttempts(Number(new URL(suite.baseUrl).port), '127.0.0.4')).toEqual(refusedAfterTheLimit);
  });

  it('when a local process sends X-Forwarded-For to a service directly, then it is not believed', async () => {
    expect(await rotatingAttempts(authPort(suite), '127.0.0.5')).toEqual(refusedAfterTheLimit);
  });

  it('when the suite runs, then only the gateway listens beyond 127.0.0.1', async () => {
    // Linux routes all of 127.0.0.0/8 to loopback: an address other than 127.0.0.1 reaches a port
    // only if its server listens on every interface.
    expect(await accepts('127.0.0.6', Number(new URL(suite.baseUrl).port))).toBe(true);
    expect(await accepts('127.0.0.6', authPort(suite))).toBe(false);
    expect(await accepts('127.0.0.1', authPort(suite))).toBe(true);
  });
});
