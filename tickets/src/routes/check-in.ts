import { Router } from 'express';
import { body, matchedData } from 'express-validator';
import { requireAuth, uuidParam, validateRequest } from '@ticketing/common';
import { checkIn } from '../domain/check-in';
import type { TicketsDeps } from '../domain/deps';

/** Longer than any code we issue (about 150 characters), short enough that no scan makes us hash a page of text. */
const MAX_CODE_LENGTH = 1000;

/** The organiser checks in the ticket whose code was scanned at the door: 201 with its seat and the event's counts. */
export function checkInRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.post(
    '/api/events/:id/check-ins',
    requireAuth,
    uuidParam('id'),
    body('code').isString().withMessage('code is required').bail().trim().isLength({ min: 1, max: MAX_CODE_LENGTH }).withMessage(`code must be 1 to ${MAX_CODE_LENGTH} characters`),
    validateRequest,
    async (req, res) => {
      const { code } = matchedData(req, { locations: ['body'] }) as { code: string };
      const { ticket, counts } = await checkIn(deps, req.currentUser!.id, req.params.id as string, code);
      res.status(201).json({
        ticketId: ticket.id,
        checkedInAt: ticket.checkedInAt!.toISOString(),
        section: ticket.section,
        row: ticket.row,
        seat: ticket.seat,
        ...counts,
      });
    },
  );
  return router;
}
