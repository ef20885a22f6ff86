import { Router } from 'express';
import { matchedData } from 'express-validator';
import { validateRequest, type Db } from '@ticketing/common';
import { listOnSale } from '../db/tickets';
import type { TicketsSchema } from '../db/schema';
import { encodeCursor, pageOf, type Cursor } from '../domain/cursor';
import { ticketView } from '../domain/ticket';
import { DEFAULT_PAGE_SIZE, listQueryFields } from './list-query-fields';

/** On-sale tickets, newest first; `q` searches titles, `cursor` continues from a previous page. */
export function listTicketsRouter(db: Db<TicketsSchema>, currency: string): Router {
  const router = Router();
  router.get('/api/tickets', ...listQueryFields(), validateRequest, async (req, res) => {
    const { q, limit = DEFAULT_PAGE_SIZE, cursor } = matchedData(req) as { q?: string; limit?: number; cursor?: Cursor };
    const rows = await listOnSale(db, { search: q || undefined, after: cursor, limit: limit + 1 });
    const { page, nextCursor } = pageOf(rows, limit, (ticket) => encodeCursor({ at: ticket.createdAt, id: ticket.id }));
    res.json({ tickets: page.map((ticket) => ticketView(ticket, currency)), nextCursor });
  });
  return router;
}
