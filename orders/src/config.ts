import { busEnv, databaseEnv, env, listenerEnv, loadConfig, serviceEnv, sessionEnv, type ConfigOf } from '@ticketing/common';

const ordersEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  ...busEnv,
  ...listenerEnv,
  /** How long a new order holds its ticket for the buyer to pay. */
  EXPIRATION_WINDOW_SECONDS: env.int({ default: 15 * 60, min: 1 }),
  /**
   * The sweep cancels unpaid orders this long past expiresAt, in case their timer was lost (Redis
   * lost its data). The expiration service normally cancels them first, at expiresAt.
   */
  EXPIRATION_GRACE_SECONDS: env.int({ default: 3, min: 0 }),
  EXPIRATION_SWEEP_INTERVAL_MS: env.int({ default: 2000, min: 100 }),
};

export type OrdersConfig = ConfigOf<typeof ordersEnv>;

export function loadOrdersConfig(source: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadConfig(ordersEnv, source);
}
