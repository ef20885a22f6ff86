import { Visitor } from '@ticketing/suite/running-suite';
import { inBatches } from './stats';

export class UnexpectedResponse extends Error {
  constructor(what: string, res: { status: number; body: unknown }) {
    super(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Signs `count` new users up through the gateway; scrypt is slow on purpose, so a few at a time. */
export async function signUpVisitors(baseUrl: string, role: string, count: number): Promise<Visitor[]> {
  const runId = Date.now().toString(36);
  return inBatches(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    const visitor = new Visitor(baseUrl);
    const res = await visitor.post('/api/users/signup', { email: `${role}${i}.${runId}@bench.example`, password: 'bench-password' });
    if (res.status !== 201) throw new UnexpectedResponse(`sign up ${role} ${i}`, res);
    return visitor;
  });
}

export async function listTicket(seller: Visitor, title: string, price: number): Promise<{ id: string; createdAt: string }> {
  const res = await seller.post('/api/tickets', { title, price });
  if (res.status !== 201) throw new UnexpectedResponse(`list "${title}"`, res);
  return res.body;
}
