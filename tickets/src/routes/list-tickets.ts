import { Router } from 'express';
import { query } from 'express-validator';
import { validateRequest, type Db } from '@ticketing/common';
import { listOnSale } from '../db/tickets';
import type { TicketsSchema } from '../db/schema';
import { decodeCursor, encodeCursor, type Cursor } from '../domain/cursor';
import { ticketView } from '../domain/ticket';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** On-sale tickets, newest first; `q` searches titles, `cursor` continues from a previous page. */
export function listTicketsRouter(db: Db<TicketsSchema>): Router {
  const router = Router();
  router.get(
    '/api/tickets',
    query('q').optional().isString().withMessage('q must be text').bail().trim().isLength({ max: 200 }).withMessage('q must be at most 200 characters'),
    query('limit')
      .optional()
      .isInt({ min: 1, max: MAX_PAGE_SIZE })
      .withMessage(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
      .toInt(),
    query('cursor')
      .optional()
      .custom((value) => typeof value === 'string' && decodeCursor(value) !== null)
      .withMessage('cursor is not valid; use nextCursor from a previous page'),
    validateRequest,
    async (req, res) => {
      const { q, limit = DEFAULT_PAGE_SIZE, cursor } = req.query as { q?: string; limit?: number; cursor?: string };
      const after: Cursor | undefined = cursor ? decodeCursor(cursor)! : undefined;
      // One extra row tells whether there is a next page.
      const rows = await listOnSale(db, { search: q || undefined, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      res.json({
        tickets: page.map(ticketView),
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      });
    },
  );
  return router;
}
