import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { OrdersConfig } from './config';
import type { OrdersSchema } from './db/schema';
import { cancelOrderRouter } from './routes/cancel-order';
import { createOrderRouter } from './routes/create-order';
import { listOrdersRouter } from './routes/list-orders';
import { showOrderRouter } from './routes/show-order';

export interface OrdersAppDeps extends ServiceDeps<OrdersConfig, OrdersSchema> {
  /** Injected so hold expiry can be tested without waiting. */
  now?: () => Date;
}

/** How long a new order holds its ticket, and the clock it is measured from. */
export interface HoldSettings {
  windowSeconds: number;
  now: () => Date;
}

export function createOrdersApp({ config, db, logger, metrics, readiness, now = () => new Date() }: OrdersAppDeps): Express {
  const hold: HoldSettings = { windowSeconds: config.EXPIRATION_WINDOW_SECONDS, now };
  return createServiceApp({
    logger,
    metrics,
    readiness,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [createOrderRouter(db, hold), listOrdersRouter(db), showOrderRouter(db), cancelOrderRouter(db)],
  });
}
