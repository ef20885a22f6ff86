import type { Express } from 'express';
import { createServiceApp, sessionOptions, type ServiceDeps } from '@ticketing/common';
import type { TicketsConfig } from './config';
import type { TicketsSchema } from './db/schema';
import { createTicketRouter } from './routes/create-ticket';
import { listTicketsRouter } from './routes/list-tickets';
import { myTicketsRouter } from './routes/my-tickets';
import { showTicketRouter } from './routes/show-ticket';
import { updateTicketRouter } from './routes/update-ticket';

export type TicketsAppDeps = ServiceDeps<TicketsConfig, TicketsSchema>;

export function createTicketsApp({ config, db, logger, metrics, readiness, informational }: TicketsAppDeps): Express {
  return createServiceApp({
    logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    // "mine" before ":id", so the literal path is not read as an id.
    routes: [createTicketRouter(db, config.PAYMENT_CURRENCY), listTicketsRouter(db), myTicketsRouter(db), showTicketRouter(db), updateTicketRouter(db, config.PAYMENT_CURRENCY)],
  });
}
