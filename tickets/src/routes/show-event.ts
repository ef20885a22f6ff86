import { Router } from 'express';
import { NotFoundError, uuidParam, type Db } from '@ticketing/common';
import { findEvent } from '../db/events';
import type { TicketsSchema } from '../db/schema';
import { eventView } from '../domain/event';

export function showEventRouter(db: Db<TicketsSchema>, currency: string): Router {
  const router = Router();
  router.get('/api/events/:id', uuidParam('id'), async (req, res) => {
    const event = await findEvent(db, req.params.id as string);
    if (!event) throw new NotFoundError('Event not found');
    res.json(eventView(event, currency));
  });
  return router;
}
