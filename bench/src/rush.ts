import { setTimeout as sleep } from 'node:timers/promises';
import type { Visitor } from '@ticketing/suite/running-suite';
import { measureEventLag } from './event-lag';
import { issueHeldSeats, placeHolds, timeCancellations } from './hold-precision';
import { issueRushSeats, runRace, settleRace, type PurchaseDatabases, type PurchaseResult } from './purchase-contention';
import { distribution, type Distribution } from './stats';
import { createEvent } from './visitors';

/**
 * The race starts this long before the first hold expires, so that the holds expire with the race
 * in full swing rather than in its first requests.
 */
const FIRST_EXPIRY_INTO_RACE_MS = 1000;

export interface RushResult {
  purchases: PurchaseResult;
  /** Tickets issued one at a time from the race's first attempt to its last answer, each timed into orders' replica. */
  eventLag: Distribution;
  /** Lateness of the holds whose expiresAt fell inside the race; undefined when none did. */
  holdPrecision: Distribution | undefined;
  holdsPlaced: number;
  /** From the first attempt to the last answer: how long the holds had to expire in. */
  raceMs: number;
}

/**
 * The purchase race with the two other figures of the rush taken while it runs. Before it, buyers
 * place `holds` unpaid orders of seats apart from the raced ones (the race's count of orders stays
 * its own), and the race starts so that those holds expire during it; from its first attempt to its
 * last answer, the organiser issues tickets of another event one at a time to time their replication.
 */
export async function measureRush(organiser: Visitor, buyers: Visitor[], counts: { tickets: number; holds: number }, databases: PurchaseDatabases): Promise<RushResult> {
  const ticketIds = await issueRushSeats(organiser, counts.tickets, databases.orders);
  const heldTicketIds = await issueHeldSeats(organiser, 'Held through the rush', counts.holds, databases.orders);
  const lagEventId = await createEvent(organiser, 'Lag probes during the rush');

  // Back to back: placing the holds takes time of its own, which spreads their expiries over the race.
  const holds = await placeHolds(buyers, heldTicketIds, 0);
  const firstExpiry = Math.min(...holds.map((hold) => hold.expiresAt));
  await sleep(Math.max(0, firstExpiry - FIRST_EXPIRY_INTO_RACE_MS - Date.now()));

  let raceOver = false;
  const racing = runRace(buyers, ticketIds).finally(() => {
    raceOver = true;
  });
  const [purchases, eventLag, timedHolds] = await Promise.all([
    racing.then((race) => settleRace(race, databases)),
    measureEventLag(organiser, databases.orders, lagEventId, () => !raceOver),
    timeCancellations(databases.orders, holds),
  ]);
  const race = await racing;
  const duringRace = timedHolds.filter((hold) => hold.expiresAt >= race.startedAt && hold.expiresAt <= race.endedAt);
  return {
    purchases,
    eventLag,
    holdPrecision: duringRace.length > 0 ? distribution(duringRace.map((hold) => hold.latenessMs)) : undefined,
    holdsPlaced: holds.length,
    raceMs: race.elapsedMs,
  };
}
