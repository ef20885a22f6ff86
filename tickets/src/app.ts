import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { TicketsConfig } from './config';
import type { TicketsSchema } from './db/schema';
import { createEventRouter } from './routes/create-event';
import { createTicketRouter } from './routes/create-ticket';
import { listEventsRouter } from './routes/list-events';
import { listTicketsRouter } from './routes/list-tickets';
import { myTicketsRouter } from './routes/my-tickets';
import { showEventRouter } from './routes/show-event';
import { showTicketRouter } from './routes/show-ticket';
import { updateEventRouter } from './routes/update-event';
import { updateTicketRouter } from './routes/update-ticket';

export interface TicketsAppDeps extends ServiceDeps<TicketsConfig, TicketsSchema> {
  /** Injected so that what has started can be tested without waiting. */
  now?: () => Date;
}

export function createTicketsApp({ config, db, logger, metrics, readiness, informational, now = () => new Date() }: TicketsAppDeps): Express {
  const deps = { db, now };
  const currency = config.PAYMENT_CURRENCY;
  return createServiceApp({
    logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    routes: [
      createEventRouter(deps, currency),
      listEventsRouter(deps, currency),
      showEventRouter(db, currency),
      updateEventRouter(deps, currency),
      createTicketRouter(db, currency),
      listTicketsRouter(db),
      // "mine" before ":id", so the literal path is not read as an id.
      myTicketsRouter(db),
      showTicketRouter(db),
      updateTicketRouter(db, currency),
    ],
  });
}
