import { Router } from 'express';
import { matchedData } from 'express-validator';
import { DEFAULT_PAGE_SIZE, validateRequest, type Cursor, type ListedPages } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { listTicketsOnSale } from '../domain/list-tickets-on-sale';
import { ticketView } from '../domain/ticket';
import { listQueryFields } from './list-query-fields';

/** Listed tickets of upcoming events, newest first; `q` searches event names, venues and cities, `cursor` continues from a previous page. */
export function listTicketsRouter(deps: TicketsDeps, listedPages: ListedPages): Router {
  const router = Router();
  router.get('/api/tickets', ...listQueryFields(), validateRequest, async (req, res) => {
    const { q, limit = DEFAULT_PAGE_SIZE, cursor } = matchedData(req) as { q?: string; limit?: number; cursor?: Cursor };
    const page = await listTicketsOnSale(deps, q || undefined, { after: cursor, limit });
    listedPages.send(req, res, { tickets: page.tickets.map((ticket) => ticketView(ticket, deps.pricing)), nextCursor: page.nextCursor });
  });
  return router;
}
