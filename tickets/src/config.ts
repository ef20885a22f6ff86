import {
  busEnv,
  currencyEnv,
  databaseEnv,
  env,
  feesEnv,
  listenerEnv,
  loadConfig,
  outboxEnv,
  resalePriceCapEnv,
  serviceEnv,
  sessionEnv,
  type ConfigOf,
} from '@ticketing/common';

/** The stream keeps events, parked ones included, for 7 days (common/src/bus/bus.ts). */
const STREAM_MAX_AGE_HOURS = 7 * 24;

const ticketsEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  ...busEnv,
  ...listenerEnv,
  ...outboxEnv,
  ...currencyEnv,
  // A listed price is refused unless its total with the buyer's fee can be charged, and above the cap.
  ...feesEnv,
  ...resalePriceCapEnv,
  /**
   * How long a cancelled order is remembered. Past the stream's age no order.created for it can still
   * arrive, redelivered or replayed from the dead letters, so forgetting it then is safe.
   */
  RELEASED_ORDER_RETENTION_HOURS: env.int({ default: STREAM_MAX_AGE_HOURS + 24, min: STREAM_MAX_AGE_HOURS + 1 }),
};

export type TicketsConfig = ConfigOf<typeof ticketsEnv>;

export function loadTicketsConfig(source: NodeJS.ProcessEnv = process.env): TicketsConfig {
  return loadConfig(ticketsEnv, source);
}
