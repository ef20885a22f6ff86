import { Router } from 'express';
import { matchedData } from 'express-validator';
import { requireAuth, uuidParam, validateRequest } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { issueTickets } from '../domain/issue-tickets';
import { ticketView } from '../domain/ticket';
import { ticketIssueFields } from './listing-fields';

/** The organiser issues 1 to 100 tickets of their event: 201 with them, listed at face value. */
export function issueTicketsRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.post('/api/events/:id/tickets', requireAuth, uuidParam('id'), ...ticketIssueFields(deps.pricing), validateRequest, async (req, res) => {
    type Body = { faceValue: number; section?: string; row?: string; seats?: string[]; quantity?: number };
    const { faceValue, section, row, seats, quantity } = matchedData(req, { locations: ['body'] }) as Body;
    const issue = { faceValueCents: faceValue, section: section ?? null, row: row ?? null, seats, quantity };
    const tickets = await issueTickets(deps, req.currentUser!.id, req.params.id as string, issue);
    res.status(201).json({ tickets: tickets.map((ticket) => ticketView(ticket, deps.pricing)) });
  });
  return router;
}
