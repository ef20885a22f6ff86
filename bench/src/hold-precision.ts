import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Visitor } from '@ticketing/suite/running-suite';
import { untilOrdersKnow } from './replicas';
import { distribution, type Distribution } from './stats';
import { createEvent, issueSeats, UnexpectedResponse } from './visitors';

const POLL_MS = 5;
/** On the quiet suite, holds are placed a little apart so that their expiries do not come as one burst. */
const QUIET_STAGGER_MS = 100;
/** Past the sweep's grace period (3 s by default) an order is cancelled even without its timer. */
const GIVE_UP_AFTER_EXPIRY_MS = 30_000;

/** An unpaid order and when its hold ends (ms since the epoch). */
export interface Hold {
  orderId: string;
  expiresAt: number;
}

export interface TimedHold extends Hold {
  /** From expiresAt to the moment this process saw the order cancelled. */
  latenessMs: number;
}

/** `count` seats of an event of their own, once orders' replica knows them all, so that they can be ordered. */
export async function issueHeldSeats(organiser: Visitor, eventName: string, count: number, orders: Pool): Promise<string[]> {
  const ticketIds = await issueSeats(organiser, await createEvent(organiser, eventName), 30, count);
  await untilOrdersKnow(orders, ticketIds);
  return ticketIds;
}

/** The buyers, in turn, order one ticket each of `ticketIds`, `staggerMs` apart, and never pay. */
export async function placeHolds(buyers: Visitor[], ticketIds: string[], staggerMs: number): Promise<Hold[]> {
  const holds: Hold[] = [];
  for (const [i, ticketId] of ticketIds.entries()) {
    const res = await buyers[i % buyers.length]!.post('/api/orders', { ticketId });
    if (res.status !== 201) throw new UnexpectedResponse(`hold ticket ${ticketId}`, res);
    holds.push({ orderId: res.body.id, expiresAt: Date.parse(res.body.expiresAt) });
    if (staggerMs > 0) await sleep(staggerMs);
  }
  return holds;
}

/** Watches orders' database until every hold is cancelled, and times each cancellation from its expiresAt. */
export async function timeCancellations(orders: Pool, holds: readonly Hold[]): Promise<TimedHold[]> {
  const waiting = new Map(holds.map((hold) => [hold.orderId, hold]));
  const timed: TimedHold[] = [];
  const deadline = Math.max(...holds.map((hold) => hold.expiresAt)) + GIVE_UP_AFTER_EXPIRY_MS;
  while (waiting.size > 0) {
    const { rows } = await orders.query<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1::uuid[]) AND status = 'cancelled'`, [[...waiting.keys()]]);
    const now = Date.now();
    for (const { id } of rows) {
      const hold = waiting.get(id)!;
      timed.push({ ...hold, latenessMs: now - hold.expiresAt });
      waiting.delete(id);
    }
    if (now > deadline) throw new Error(`${waiting.size} orders were still not cancelled ${GIVE_UP_AFTER_EXPIRY_MS} ms after expiring`);
    await sleep(POLL_MS);
  }
  return timed;
}

/** On the quiet suite: `holds` tickets of one event ordered a little apart and never paid, each cancellation timed from its expiresAt. */
export async function measureHoldPrecision(organiser: Visitor, buyers: Visitor[], holds: number, orders: Pool): Promise<Distribution> {
  const ticketIds = await issueHeldSeats(organiser, 'Held seats', holds, orders);
  const timed = await timeCancellations(orders, await placeHolds(buyers, ticketIds, QUIET_STAGGER_MS));
  return distribution(timed.map((hold) => hold.latenessMs));
}
