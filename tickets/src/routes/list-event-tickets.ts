import { Router } from 'express';
import { matchedData } from 'express-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, uuidParam, validateRequest, type ListedPages } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { listEventTickets, type EventTicketsPage } from '../domain/list-event-tickets';
import { ticketView } from '../domain/ticket';
import { eventTicketsQueryFields } from './listing-fields';

/** The event's tickets on sale with their seats, cheapest first unless `sort=newest`. */
export function listEventTicketsRouter(deps: TicketsDeps, listedPages: ListedPages): Router {
  const router = Router();
  router.get('/api/events/:id/tickets', uuidParam('id'), ...eventTicketsQueryFields(MAX_PAGE_SIZE), validateRequest, async (req, res) => {
    const { sort = 'price', limit = DEFAULT_PAGE_SIZE, cursor } = matchedData(req, { locations: ['query'] }) as { sort?: 'price' | 'newest'; limit?: number; cursor?: never };
    const page = await listEventTickets(deps, req.params.id as string, { sort, after: cursor, limit } as EventTicketsPage);
    listedPages.send(req, res, { tickets: page.tickets.map((ticket) => ticketView(ticket, deps.pricing)), nextCursor: page.nextCursor });
  });
  return router;
}
