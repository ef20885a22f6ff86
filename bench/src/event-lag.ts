import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Visitor } from '@ticketing/suite/running-suite';
import { distribution, type Distribution } from './stats';
import { issueTickets } from './visitors';

const POLL_MS = 1;
const GIVE_UP_MS = 30_000;

/**
 * Issues tickets of `eventId` one at a time, as long as `another(samplesSoFar)` says, and times each
 * from its creation in the tickets database to its row in orders' replica: commit, outbox relay,
 * JetStream, orders' listener and its commit. The databases share the machine's clock with this
 * process. The first sample is always taken, so the distribution is never empty.
 */
export async function measureEventLag(organiser: Visitor, orders: Pool, eventId: string, another: (samplesSoFar: number) => boolean): Promise<Distribution> {
  const lags: number[] = [];
  do {
    const [ticket] = await issueTickets(organiser, eventId, { faceValue: 10 + (lags.length % 90), quantity: 1 });
    const createdAt = Date.parse(ticket!.createdAt);
    for (;;) {
      const { rowCount } = await orders.query('SELECT 1 FROM tickets WHERE id = $1', [ticket!.id]);
      const now = Date.now();
      if (rowCount) {
        lags.push(now - createdAt);
        break;
      }
      if (now - createdAt > GIVE_UP_MS) throw new Error(`ticket ${ticket!.id} never reached orders (${GIVE_UP_MS} ms)`);
      await sleep(POLL_MS);
    }
  } while (another(lags.length));
  return distribution(lags);
}
