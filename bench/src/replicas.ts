import type { Pool } from 'pg';
import { eventually } from '@ticketing/common/testing';

/** Waits until orders' replica holds every one of `ticketIds`: only then can they be ordered. */
export async function untilOrdersKnow(orders: Pool, ticketIds: readonly string[], timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const { rows } = await orders.query<{ known: number }>('SELECT count(*)::int AS known FROM tickets WHERE id = ANY($1::uuid[])', [ticketIds]);
      if (rows[0]!.known !== ticketIds.length) throw new Error(`orders knew ${rows[0]!.known} of ${ticketIds.length} tickets after ${timeoutMs} ms`);
    },
    { timeoutMs, intervalMs: 20 },
  );
}
