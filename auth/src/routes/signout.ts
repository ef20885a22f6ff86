import { Router } from 'express';

export function signoutRouter(): Router {
  const router = Router();
  router.post('/api/users/signout', (req, res) => {
    req.session = null;
    res.status(204).end();
  });
  return router;
}
