import { Router } from 'express';
import { matchedData } from 'express-validator';
import { requireAuth, validateRequest } from '@ticketing/common';
import { createEvent } from '../domain/create-event';
import type { TicketsDeps } from '../domain/deps';
import { eventView, type EventDetails } from '../domain/event';
import { eventDetailsFields } from './event-fields';

/** Creates an event: 201 with it; the caller is its organiser. */
export function createEventRouter(deps: TicketsDeps, currency: string): Router {
  const router = Router();
  router.post('/api/events', requireAuth, ...eventDetailsFields(), validateRequest, async (req, res) => {
    const event = await createEvent(deps, req.currentUser!.id, matchedData(req, { locations: ['body'] }) as EventDetails);
    res.status(201).json(eventView(event, currency));
  });
  return router;
}
