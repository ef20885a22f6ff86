import { Router } from 'express';
import { matchedData } from 'express-validator';
import { requireAuth, uuidParam, validateRequest } from '@ticketing/common';
import { changeEvent } from '../domain/change-event';
import type { TicketsDeps } from '../domain/deps';
import { eventView, type EventDetails } from '../domain/event';
import { eventDetailsFields } from './event-fields';

/** The organiser replaces the event's details, all six of them, before it starts. */
export function updateEventRouter(deps: TicketsDeps, currency: string): Router {
  const router = Router();
  router.put('/api/events/:id', requireAuth, uuidParam('id'), ...eventDetailsFields(), validateRequest, async (req, res) => {
    const event = await changeEvent(deps, req.currentUser!.id, req.params.id as string, matchedData(req, { locations: ['body'] }) as EventDetails);
    res.json(eventView(event, currency));
  });
  return router;
}
