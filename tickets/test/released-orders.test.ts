import { randomUUID } from 'node:crypto';
import { releasedOrders } from '../src/db/schema';
import { pruneReleasedOrders } from '../src/db/released-orders';
import { loadTicketsConfig } from '../src/config';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;

beforeAll(async () => {
  ctx = await startTicketsTestContext();
});
afterAll(() => ctx.close());

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600 * 1000);

describe('released orders retention', () => {
  it('when rows are older than the cutoff, then only those are forgotten', async () => {
    const old = { orderId: randomUUID(), ticketId: randomUUID(), releasedAt: hoursAgo(200) };
    const recent = { orderId: randomUUID(), ticketId: randomUUID(), releasedAt: hoursAgo(10) };
    await ctx.database.db.insert(releasedOrders).values([old, recent]);

    const pruned = await pruneReleasedOrders(ctx.database.db, hoursAgo(192));

    expect(pruned).toBe(1);
    const left = (await ctx.database.db.select().from(releasedOrders)).map((row) => row.orderId);
    expect(left).toContain(recent.orderId);
    expect(left).not.toContain(old.orderId);
  });

  it('when the retention would end inside the stream age, then the config is refused', () => {
    expect(() => loadTicketsConfig({ JWT_KEY: 'k'.repeat(32), RELEASED_ORDER_RETENTION_HOURS: '24' })).toThrow(
      /RELEASED_ORDER_RETENTION_HOURS must be an integer >= 169/,
    );
    expect(loadTicketsConfig({ JWT_KEY: 'k'.repeat(32) }).RELEASED_ORDER_RETENTION_HOURS).toBe(192);
  });
});
