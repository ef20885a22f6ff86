import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { eventually } from '@ticketing/common/testing';
import { listedSummaryOf, refreshEventSummary } from '../src/db/events';
import { tickets } from '../src/db/schema';
import type { Tx } from '../src/db/tickets';
import { organiserIn, planOf, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;
let organiser: Organiser;
beforeAll(async () => {
  ctx = await startTicketsTestContext();
  organiser = organiserIn(ctx);
});
afterAll(() => ctx.close());

/** A ticket row of the event, written directly; listed unless held or sold. */
async function insertTicket(db: Tx | TicketsTestContext['database']['db'], eventId: string, priceCents: number, state: { orderId?: string; sold?: boolean } = {}) {
  const [ticket] = await db
    .insert(tickets)
    .values({ title: 'Seat', priceCents, userId: organiser.user.id, eventId, ...state })
    .returning();
  return ticket!;
}

const refresh = (eventId: string) => ctx.database.db.transaction((tx) => refreshEventSummary(tx, eventId));
const shown = async (eventId: string) => {
  const res = await request(ctx.app).get(`/api/events/${eventId}`);
  return { listedCount: res.body.listedCount, lowestPrice: res.body.lowestPrice };
};

describe('refreshEventSummary', () => {
  it("when an event has listed, held and sold tickets, then its summary counts the listed ones and their lowest price, and the API shows it", async () => {
    const event = await organiser.createEvent();
    const other = await organiser.createEvent();
    for (const cents of [3000, 2050, 2500]) await insertTicket(ctx.database.db, event.id, cents);
    await insertTicket(ctx.database.db, event.id, 1000, { orderId: randomUUID() });
    await insertTicket(ctx.database.db, event.id, 500, { orderId: randomUUID(), sold: true });
    await insertTicket(ctx.database.db, other.id, 100);

    const summary = await refresh(event.id);

    expect(summary).toEqual({ listedCount: 3, lowestPriceCents: 2050 });
    expect(await shown(event.id)).toEqual({ listedCount: 3, lowestPrice: 20.5 });
    const listed = await request(ctx.app).get('/api/events').query({ q: 'cup final', limit: 100 });
    expect(listed.body.events.find((shownEvent: { id: string }) => shownEvent.id === event.id)).toMatchObject({ listedCount: 3, lowestPrice: 20.5 });
    expect(await shown(other.id)).toEqual({ listedCount: 0, lowestPrice: null });
  });

  it('when the cheapest ticket is held and then every ticket leaves the listing, then the summary follows each change down to none', async () => {
    const event = await organiser.createEvent();
    const cheapest = await insertTicket(ctx.database.db, event.id, 1500);
    const dearer = await insertTicket(ctx.database.db, event.id, 4000);
    await refresh(event.id);

    await ctx.database.db.update(tickets).set({ orderId: randomUUID() }).where(eq(tickets.id, cheapest.id));
    await refresh(event.id);
    const afterHold = await shown(event.id);
    await ctx.database.db.update(tickets).set({ orderId: randomUUID(), sold: true }).where(eq(tickets.id, dearer.id));
    await refresh(event.id);

    expect(afterHold).toEqual({ listedCount: 1, lowestPrice: 40 });
    expect(await shown(event.id)).toEqual({ listedCount: 0, lowestPrice: null });
  });

  it("when the summary is counted, then the event's listed index answers it, whatever the number of tickets", async () => {
    const event = await organiser.createEvent();

    const plan = await planOf(ctx, (tx) => listedSummaryOf(tx, event.id));

    expect(plan).toMatch(/Index (Only )?Scan using tickets_event_listed(_newest)?_idx/);
  });

  it("when two transactions list tickets of one event at once, then the second counts the first's too, once it commits", async () => {
    const event = await organiser.createEvent();
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstRefreshed!: () => void;
    const firstHasRefreshed = new Promise<void>((resolve) => (firstRefreshed = resolve));

    const first = ctx.database.db.transaction(async (tx) => {
      await insertTicket(tx, event.id, 4000);
      await refreshEventSummary(tx, event.id);
      firstRefreshed();
      await firstMayCommit;
    });
    await firstHasRefreshed;
    const second = ctx.database.db.transaction(async (tx) => {
      await insertTicket(tx, event.id, 5000);
      return refreshEventSummary(tx, event.id);
    });
    // The second waits for the first's lock on the event before it counts.
    await eventually(async () => {
      const waiting = (await ctx.database.db.execute(sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)) as unknown as { rows: unknown[] };
      expect(waiting.rows).toHaveLength(1);
    });
    commitFirst();
    await first;

    expect(await second).toEqual({ listedCount: 2, lowestPriceCents: 4000 });
    expect(await shown(event.id)).toEqual({ listedCount: 2, lowestPrice: 40 });
  });
});
