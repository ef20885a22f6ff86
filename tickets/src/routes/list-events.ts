import { Router } from 'express';
import { matchedData } from 'express-validator';
import { DEFAULT_PAGE_SIZE, validateRequest, type Cursor, type ListedPages } from '@ticketing/common';
import type { EventFilter } from '../db/events';
import type { TicketsDeps } from '../domain/deps';
import { eventView } from '../domain/event';
import { listUpcomingEvents } from '../domain/list-upcoming-events';
import { eventFilterFields } from './event-fields';
import { listQueryFields } from './list-query-fields';

/** Upcoming events, soonest first, with their summaries; `q` searches name, venue and city. */
export function listEventsRouter(deps: TicketsDeps, listedPages: ListedPages, currency: string): Router {
  const router = Router();
  router.get('/api/events', ...listQueryFields(), ...eventFilterFields(), validateRequest, async (req, res) => {
    type Query = Omit<EventFilter, 'search'> & { q?: string; limit?: number; cursor?: Cursor };
    const { q, limit = DEFAULT_PAGE_SIZE, cursor, ...filter } = matchedData(req) as Query;
    const page = await listUpcomingEvents(deps, { ...filter, search: q || undefined }, { after: cursor, limit });
    listedPages.send(req, res, { events: page.events.map((event) => eventView(event, currency)), nextCursor: page.nextCursor });
  });
  return router;
}
