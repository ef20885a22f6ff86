import { Router } from 'express';
import { matchedData } from 'express-validator';
import { DEFAULT_PAGE_SIZE, pageQueryFields, requireAuth, validateRequest, type Cursor } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { listInbox } from '../domain/inbox';

/** The caller's notices, newest first, with their unread count; `cursor` continues from a previous page. */
export function listNotificationsRouter(deps: NotificationsDeps): Router {
  const router = Router();
  router.get('/api/notifications', requireAuth, ...pageQueryFields(), validateRequest, async (req, res) => {
    const { limit = DEFAULT_PAGE_SIZE, cursor } = matchedData(req) as { limit?: number; cursor?: Cursor };
    res.json(await listInbox(deps, req.currentUser!.id, { after: cursor, limit }));
  });
  return router;
}
