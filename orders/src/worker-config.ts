import { busEnv, databaseEnv, env, listenerEnv, loadConfig, outboxEnv, serviceEnv, type ConfigOf } from '@ticketing/common';

/**
 * The orders worker runs orders' event listeners against orders' own database. That database must be
 * a PostgreSQL server: embedded PGlite belongs to the one process that opened it.
 */
const ordersWorkerEnv = {
  ...serviceEnv,
  ...databaseEnv,
  /** Orders' own PostgreSQL URL: required, with no PGlite to fall back on. */
  DATABASE_URL: env.url({ protocols: ['postgres', 'postgresql'] }),
  ...busEnv,
  ...listenerEnv,
  ...outboxEnv,
};

export type OrdersWorkerConfig = ConfigOf<typeof ordersWorkerEnv>;

export function loadOrdersWorkerConfig(source: NodeJS.ProcessEnv = process.env): OrdersWorkerConfig {
  return loadConfig(ordersWorkerEnv, source);
}
