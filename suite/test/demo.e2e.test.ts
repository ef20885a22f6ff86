import { eventually } from '@ticketing/common/testing';
import { startSuite, Visitor, type RunningSuite } from '../src/running-suite';
import { fillMarketplace } from '../src/demo';
import { DEMO_PASSWORD, fans } from '../src/demo-catalogue';

let suite: RunningSuite;
let visitor: Visitor;

beforeAll(async () => {
  suite = await startSuite();
  visitor = new Visitor(suite.baseUrl);
}, 180_000);
afterAll(() => suite?.stop(), 60_000);

interface EventView { id: string; city: string; category: string; startsAt: string; listedCount: number; lowestPrice: number | null }
interface TicketView { faceValue: number; price: number; seat: string | null }

const upcomingEvents = async (): Promise<EventView[]> => (await visitor.get('/api/events?limit=100')).body.events;
const listedTickets = async (eventId: string): Promise<TicketView[]> => (await visitor.get(`/api/events/${eventId}/tickets?limit=100`)).body.tickets;

/** Each fan of the demo signed in, with the tickets they hold. */
async function fansWithTickets(): Promise<{ fan: Visitor; tickets: { id: string; status: string }[] }[]> {
  return Promise.all(
    fans.map(async (email) => {
      const fan = new Visitor(suite.baseUrl);
      expect((await fan.post('/api/users/signin', { email, password: DEMO_PASSWORD })).status).toBe(200);
      return { fan, tickets: (await fan.get('/api/tickets/mine')).body.tickets };
    }),
  );
}

describe('npm run demo', () => {
  it('when run on an empty suite, then the marketplace has upcoming events everywhere, seated and standing, some resale-priced', async () => {
    const result = await fillMarketplace(suite.baseUrl);

    const events = await upcomingEvents();
    expect(result.filled).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(12);
    expect(events.every((e) => new Date(e.startsAt).getTime() > Date.now())).toBe(true);
    expect(new Set(events.map((e) => e.city)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(events.map((e) => e.category))).toEqual(new Set(['concert', 'sport', 'theatre', 'comedy', 'festival', 'other']));
    expect(events.every((e) => e.listedCount > 0 && e.lowestPrice !== null)).toBe(true);
    const tickets = (await Promise.all(events.map((e) => listedTickets(e.id)))).flat();
    expect(tickets.some((t) => t.seat !== null)).toBe(true);
    expect(tickets.some((t) => t.seat === null)).toBe(true);
    const resalePriced = tickets.filter((t) => t.price > t.faceValue);
    expect(resalePriced.length).toBeGreaterThanOrEqual(3);
    expect(resalePriced.every((t) => Math.round(t.price * 100) <= Math.round(t.faceValue * 110))).toBe(true);
    expect(result.bought).toBeGreaterThan(0);
    // As the demo says: each bought ticket moved to its fan, who holds it with a code for the door.
    const holders = await eventually(async () => {
      const withTickets = await fansWithTickets();
      expect(withTickets.flatMap(({ tickets }) => tickets.map((t) => t.status))).toEqual(Array(result.bought).fill('not-listed'));
      return withTickets;
    }, { timeoutMs: 20_000 });
    for (const { fan, tickets } of holders) {
      for (const ticket of tickets) expect((await fan.get(`/api/tickets/${ticket.id}/credential`)).status).toBe(200);
    }
  }, 90_000);

  it('when run again, then it adds nothing', async () => {
    const before = await upcomingEvents();

    const result = await fillMarketplace(suite.baseUrl);

    expect(result.filled).toBe(false);
    expect(await upcomingEvents()).toEqual(before);
  }, 30_000);
});

describe('npm run demo on a suite with a tighter resale cap', () => {
  let capped: RunningSuite;
  beforeAll(async () => {
    capped = await startSuite({ RESALE_PRICE_CAP_PERCENT: '2.5' });
  }, 180_000);
  afterAll(() => capped?.stop(), 60_000);

  it('when run, then its resales stay within that cap, as the API reports it', async () => {
    const result = await fillMarketplace(capped.baseUrl);

    const cappedVisitor = new Visitor(capped.baseUrl);
    const events: EventView[] = (await cappedVisitor.get('/api/events?limit=100')).body.events;
    const tickets: TicketView[] = (await Promise.all(events.map(async (e) => (await cappedVisitor.get(`/api/events/${e.id}/tickets?limit=100`)).body.tickets))).flat();
    const resalePriced = tickets.filter((t) => t.price > t.faceValue);
    expect(result.filled).toBe(true);
    expect(resalePriced.length).toBeGreaterThanOrEqual(3);
    // Half up to the cent, as the cap is rounded.
    expect(resalePriced.every((t) => Math.round(t.price * 100) <= Math.floor(t.faceValue * 102.5 + 0.5))).toBe(true);
  }, 90_000);
});
