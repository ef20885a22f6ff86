import type { Pool } from 'pg';
import { sleep } from './stats';

/** Waits until orders' replica holds every one of `ticketIds`: only then can they be ordered. */
export async function untilOrdersKnow(orders: Pool, ticketIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await orders.query<{ known: number }>('SELECT count(*)::int AS known FROM tickets WHERE id = ANY($1::uuid[])', [ticketIds]);
    if (rows[0]!.known === ticketIds.length) return;
    if (Date.now() > deadline) throw new Error(`orders knew ${rows[0]!.known} of ${ticketIds.length} tickets after ${timeoutMs} ms`);
    await sleep(20);
  }
}
