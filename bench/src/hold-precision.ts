import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Visitor } from '@ticketing/suite/running-suite';
import { untilOrdersKnow } from './replicas';
import { distribution, type Distribution } from './stats';
import { createEvent, issueSeats, UnexpectedResponse } from './visitors';

const POLL_MS = 5;
const STAGGER_MS = 100;
/** Past the sweep's grace period (3 s by default) an order is cancelled even without its timer. */
const GIVE_UP_AFTER_EXPIRY_MS = 30_000;

/**
 * Orders `holds` tickets of one event a little apart and never pays, then watches orders' database
 * for each cancellation and times it from the order's expiresAt.
 */
export async function measureHoldPrecision(organiser: Visitor, buyers: Visitor[], holds: number, orders: Pool): Promise<Distribution> {
  const ticketIds = await issueSeats(organiser, await createEvent(organiser, 'Held seats'), 30, holds);
  await untilOrdersKnow(orders, ticketIds);

  const expiresAt = new Map<string, number>();
  for (const [i, ticketId] of ticketIds.entries()) {
    const res = await buyers[i % buyers.length]!.post('/api/orders', { ticketId });
    if (res.status !== 201) throw new UnexpectedResponse(`hold ticket ${ticketId}`, res);
    expiresAt.set(res.body.id, Date.parse(res.body.expiresAt));
    await sleep(STAGGER_MS);
  }

  const lateness: number[] = [];
  const deadline = Math.max(...expiresAt.values()) + GIVE_UP_AFTER_EXPIRY_MS;
  while (expiresAt.size > 0) {
    const { rows } = await orders.query<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1::uuid[]) AND status = 'cancelled'`, [[...expiresAt.keys()]]);
    const now = Date.now();
    for (const { id } of rows) {
      lateness.push(now - expiresAt.get(id)!);
      expiresAt.delete(id);
    }
    if (now > deadline) throw new Error(`${expiresAt.size} orders were still not cancelled ${GIVE_UP_AFTER_EXPIRY_MS} ms after expiring`);
    await sleep(POLL_MS);
  }
  return distribution(lateness);
}
