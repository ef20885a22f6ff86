import type { Express } from 'express';
import { chargeLimits, createServiceApp, feeScheduleOf, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { OrdersConfig } from './config';
import type { OrdersSchema } from './db/schema';
import type { PlaceOrderDeps } from './domain/place-order';
import type { TakenTickets } from './domain/taken-tickets';
import { cancelOrderRouter } from './routes/cancel-order';
import { createOrderRouter } from './routes/create-order';
import { listOrdersRouter } from './routes/list-orders';
import { showOrderRouter } from './routes/show-order';

export interface OrdersAppDeps extends ServiceDeps<OrdersConfig, OrdersSchema> {
  /** Injected so hold expiry can be tested without waiting. */
  now?: () => Date;
  onOrderPlaced?: PlaceOrderDeps['onOrderPlaced'];
  /** Refusals remembered across attempts; the composition root forgets them on each announced change. */
  taken?: TakenTickets;
}

export function createOrdersApp({ config, db, logger, metrics, readiness, informational, now = () => new Date(), onOrderPlaced, taken }: OrdersAppDeps): Express {
  const currency = config.PAYMENT_CURRENCY;
  return createServiceApp({
    logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [
      createOrderRouter({
        db,
        now,
        hold: { windowSeconds: config.EXPIRATION_WINDOW_SECONDS },
        pricing: { fees: feeScheduleOf(config), limits: chargeLimits(currency), currency },
        onOrderPlaced,
        taken,
      }),
      listOrdersRouter(db, currency),
      showOrderRouter(db, currency),
      cancelOrderRouter({ db, now, currency }),
    ],
  });
}
