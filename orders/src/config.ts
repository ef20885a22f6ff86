import { busEnv, currencyEnv, databaseEnv, env, feesEnv, listenerEnv, loadConfig, outboxEnv, serviceEnv, sessionEnv, type ConfigOf } from '@ticketing/common';

const ordersEnv = {
  ...serviceEnv,
  ...databaseEnv,
  ...sessionEnv,
  ...busEnv,
  ...listenerEnv,
  ...outboxEnv,
  ...currencyEnv,
  ...feesEnv,
  /** How long a new order holds its ticket for the buyer to pay. */
  EXPIRATION_WINDOW_SECONDS: env.int({ default: 15 * 60, min: 1 }),
  /**
   * Where orders' event listeners run: in this process, or in the orders worker (worker.ts), so that
   * replicas and expiries are not kept waiting behind a rush of requests on one event loop.
   */
  EVENT_LISTENERS: env.oneOf(['in-process', 'worker'], { default: 'in-process' }),
};

export type OrdersConfig = ConfigOf<typeof ordersEnv>;

export function loadOrdersConfig(source: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadConfig(ordersEnv, source);
}
