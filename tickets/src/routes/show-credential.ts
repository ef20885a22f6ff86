import { Router } from 'express';
import { requireAuth, uuidParam } from '@ticketing/common';
import type { TicketsDeps } from '../domain/deps';
import { holderCredential } from '../domain/holder-credential';

/** The holder's credential for drawing the ticket's rotating code offline. */
export function showCredentialRouter(deps: TicketsDeps): Router {
  const router = Router();
  router.get('/api/tickets/:id/credential', requireAuth, uuidParam('id'), async (req, res) => {
    const credential = await holderCredential(deps, req.currentUser!.id, req.params.id as string);
    // It carries the ticket's TOTP secret: no shared cache may keep it.
    res.set('Cache-Control', 'no-store').json(credential);
  });
  return router;
}
