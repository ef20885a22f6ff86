import { Router } from 'express';
import { requireAuth, uuidParam } from '@ticketing/common';
import { checkInCounts } from '../domain/check-in';
import type { TicketsDeps } from '../domain/deps';

/** The organiser's running count at the door: tickets checked in, out of tickets issued. */
export function checkInCountsRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.get('/api/events/:id/check-ins', requireAuth, uuidParam('id'), async (req, res) => {
    res.json(await checkInCounts(deps, req.currentUser!.id, req.params.id as string));
  });
  return router;
}
