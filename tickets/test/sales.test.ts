import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { transfers } from '../src/db/schema';
import { organiserIn, ordersIn, type Organiser } from './fixtures';
import { startTicketsTestContext, type TicketsTestContext } from './tickets-test-app';

let ctx: TicketsTestContext;
let organiser: Organiser;
let orders: ReturnType<typeof ordersIn>;
beforeAll(async () => {
  ctx = await startTicketsTestContext();
  organiser = organiserIn(ctx);
  orders = ordersIn(ctx);
});
afterAll(() => ctx.close());

const salesOf = (cookie?: string) => {
  const call = request(ctx.app).get('/api/tickets/sales');
  return cookie ? call.set('Cookie', cookie) : call;
};

describe('GET /api/tickets/sales', () => {
  it('when a seller has sold tickets, then it lists each sale newest first: the ticket, its event and seat, the order, the price and when', async () => {
    const event = await organiser.createEvent({ name: 'Sales night' });
    const [stalls, balcony] = await organiser.issue(event.id, { faceValue: 40, section: 'Stalls', row: 'B', seats: ['7', '8'] });
    const [buyer, rival] = [ctx.user(), ctx.user()];
    const firstOrder = await orders.sell(stalls!.id, buyer.user.id, 4000);
    const secondOrder = await orders.sell(balcony!.id, rival.user.id, 4200);
    // A minute apart, so that newest first is one order whatever the milliseconds between them.
    await ctx.database.db.update(transfers).set({ transferredAt: sql`${transfers.transferredAt} - interval '1 minute'` }).where(eq(transfers.orderId, firstOrder));

    const res = await salesOf(organiser.cookie);

    expect(res.status).toBe(200);
    expect(res.body.sales).toEqual([
      { ticketId: balcony!.id, eventId: event.id, eventName: 'Sales night', section: 'Stalls', row: 'B', seat: '8', orderId: secondOrder, price: 42, currency: 'USD', soldAt: expect.any(String) },
      { ticketId: stalls!.id, eventId: event.id, eventName: 'Sales night', section: 'Stalls', row: 'B', seat: '7', orderId: firstOrder, price: 40, currency: 'USD', soldAt: expect.any(String) },
    ]);
  });

  it("when a buyer resells a ticket, then the sale is theirs, and the first sale stays the organiser's alone", async () => {
    const { ticket } = await organiser.issuedTicket({ faceValue: 30, quantity: 1 });
    const [first, second] = [ctx.user(), ctx.user()];
    await orders.sell(ticket.id, first.user.id, 3000);
    const relisted = await request(ctx.app).put(`/api/tickets/${ticket.id}/listing`).set('Cookie', first.cookie).send({ price: 33 });
    expect(relisted.status).toBe(200);
    const resale = await orders.sell(ticket.id, second.user.id, 3300);

    const [ofFirst, ofSecond] = await Promise.all([salesOf(first.cookie), salesOf(second.cookie)]);

    expect(ofFirst.body.sales).toEqual([expect.objectContaining({ ticketId: ticket.id, orderId: resale, price: 33 })]);
    expect(ofSecond.body.sales).toEqual([]);
  });

  it('when nobody is signed in, then it answers 401', async () => {
    expect((await salesOf()).status).toBe(401);
  });
});
