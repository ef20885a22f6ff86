import { Router, type Express } from 'express';
import { createListedPages, createServiceApp, feeScheduleOf, sessionOptions, type ListedPages, type ServiceDeps } from '@ticketing/common';
import type { TicketsConfig } from './config';
import type { TicketsSchema } from './db/schema';
import { checkInRouter } from './routes/check-in';
import { checkInCountsRouter } from './routes/check-in-counts';
import { createEventRouter } from './routes/create-event';
import { issueTicketsRouter } from './routes/issue-tickets';
import { listEventTicketsRouter } from './routes/list-event-tickets';
import { listTicketRouter } from './routes/list-ticket';
import { listEventsRouter } from './routes/list-events';
import { listTicketsRouter } from './routes/list-tickets';
import { mySalesRouter } from './routes/my-sales';
import { myTicketsRouter } from './routes/my-tickets';
import { showEventRouter } from './routes/show-event';
import { showCredentialRouter } from './routes/show-credential';
import { showTicketRouter } from './routes/show-ticket';
import { updateEventRouter } from './routes/update-event';
import { withdrawTicketRouter } from './routes/withdraw-ticket';
import type { TicketsDeps } from './domain/deps';
import { pricingPolicy } from './domain/pricing';

/** The public listings, whose pages are the same for every visitor and are kept in memory. */
const LISTED_PAGE_PATHS = ['/api/tickets', '/api/events', '/api/events/:id/tickets'];

/** Answers the listings' kept pages ahead of the pipeline, and hands the rest to their routes. */
function keptPagesRouter(listedPages: ListedPages): Router {
  const router = Router();
  for (const path of LISTED_PAGE_PATHS) router.get(path, listedPages.serve);
  return router;
}

export interface TicketsAppDeps extends ServiceDeps<TicketsConfig, TicketsSchema> {
  /** Injected so that what has started can be tested without waiting. */
  now?: () => Date;
  onCheckIn?: TicketsDeps['onCheckIn'];
  /**
   * The public listings' pages kept in memory; the composition root drops them on each announced
   * change. Without it nothing is kept, and each request reads the database.
   */
  listedPages?: ListedPages;
}

export function createTicketsApp({ config, db, logger, metrics, readiness, informational, now = () => new Date(), onCheckIn, listedPages = createListedPages({ maxAgeMs: 0 }) }: TicketsAppDeps): Express {
  const currency = config.PAYMENT_CURRENCY;
  const deps: TicketsDeps = {
    db,
    now,
    pricing: pricingPolicy(currency, feeScheduleOf(config), config.RESALE_PRICE_CAP_PERCENT),
    credentials: config.CREDENTIAL_KEYS,
    checkInWindow: { opensHoursBefore: config.CHECK_IN_OPENS_HOURS_BEFORE, closesHoursAfter: config.CHECK_IN_CLOSES_HOURS_AFTER },
    onCheckIn,
  };
  return createServiceApp({
    logger,
    metrics,
    readiness,
    informational,
    session: sessionOptions(config),
    trustProxy: config.TRUST_PROXY,
    publicReads: [keptPagesRouter(listedPages)],
    routes: [
      createEventRouter(deps, currency),
      listEventsRouter(deps, listedPages, currency),
      showEventRouter(db, currency),
      updateEventRouter(deps, currency),
      issueTicketsRouter(deps),
      listEventTicketsRouter(deps, listedPages),
      checkInRouter(deps),
      checkInCountsRouter(deps),
      listTicketsRouter(deps, listedPages),
      // "mine" and "sales" before ":id", so the literal paths are not read as ids.
      myTicketsRouter(deps),
      mySalesRouter(deps),
      showTicketRouter(deps),
      showCredentialRouter(deps),
      listTicketRouter(deps),
      withdrawTicketRouter(deps),
    ],
  });
}
