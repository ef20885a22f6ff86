import { Router } from 'express';
import { body, matchedData } from 'express-validator';
import { MAX_PAGE_SIZE, requireAuth, validateRequest } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { markRead } from '../domain/inbox';

/**
 * Marks the caller's notices read: `{ids}`, at most a page of them, or `{all: true}`. Ids of notices
 * that are not the caller's are passed over like unknown ones, so the answer says nothing about them.
 */
export function markReadRouter(deps: NotificationsDeps): Router {
  const router = Router();
  router.post(
    '/api/notifications/read',
    requireAuth,
    // A chain of its own: optional() below exempts its whole chain from an absent value.
    body('ids')
      .custom((ids, { req }) => (ids === undefined) !== (req.body?.all === undefined))
      .withMessage('Give either ids, a list of notice ids, or all: true, but not both'),
    body('all').optional().custom((value) => value === true).withMessage('all must be true'),
    body('ids').optional().isArray({ min: 1, max: MAX_PAGE_SIZE }).withMessage(`ids must be a list of 1 to ${MAX_PAGE_SIZE} notice ids`),
    body('ids.*').isUUID().withMessage('Each id must be a notice id'),
    validateRequest,
    async (req, res) => {
      const { ids } = matchedData(req, { locations: ['body'] }) as { ids?: string[] };
      res.json(await markRead(deps, req.currentUser!.id, ids ? { ids } : 'all'));
    },
  );
  return router;
}
