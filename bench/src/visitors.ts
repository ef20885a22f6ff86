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

const DAY_MS = 24 * 60 * 60 * 1000;
/** The most tickets one issue request may ask for. */
const MAX_TICKETS_PER_ISSUE = 100;

/** An event of the organiser's `inDays` days from now, far enough ahead that its sales stay open all run. */
export async function createEvent(organiser: Visitor, name: string, inDays = 30): Promise<string> {
  const startsAt = new Date(Date.now() + inDays * DAY_MS).toISOString();
  const res = await organiser.post('/api/events', { name, venue: 'Bench Arena', city: 'London', startsAt, timeZone: 'Europe/London', category: 'concert' });
  if (res.status !== 201) throw new UnexpectedResponse(`create event "${name}"`, res);
  return res.body.id;
}

/** One issue request: named seats of a section and row, or a number of general-admission tickets. */
export type TicketIssue = { faceValue: number; section?: string; row?: string } & ({ seats: string[] } | { quantity: number });

export interface IssuedTicket {
  id: string;
  createdAt: string;
}

/** The organiser issues tickets of their event; they are listed at face value. */
export async function issueTickets(organiser: Visitor, eventId: string, issue: TicketIssue): Promise<IssuedTicket[]> {
  const res = await organiser.post(`/api/events/${eventId}/tickets`, issue);
  if (res.status !== 201) throw new UnexpectedResponse(`issue tickets of event ${eventId}`, res);
  return res.body.tickets;
}

/** Seats "1" to `count` of one row at `faceValue`, in as few issue requests as their limit allows; answers their ids. */
export async function issueSeats(organiser: Visitor, eventId: string, faceValue: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let first = 1; first <= count; first += MAX_TICKETS_PER_ISSUE) {
    const seats = Array.from({ length: Math.min(MAX_TICKETS_PER_ISSUE, count - first + 1) }, (_, i) => String(first + i));
    ids.push(...(await issueTickets(organiser, eventId, { faceValue, section: 'Stalls', row: 'A', seats })).map((ticket) => ticket.id));
  }
  return ids;
}
