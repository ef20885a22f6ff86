import { Router } from 'express';
import { body } from 'express-validator';
import { validateRequest } from '@ticketing/common';
import { signIn, type SignInDeps } from '../domain/sign-in';
import { sessionTokenFor, type SessionSettings } from '../domain/session';
import { PASSWORD_MAX_LENGTH, emailField } from './credentials';

export function signinRouter(deps: SignInDeps, session: SessionSettings): Router {
  const router = Router();
  router.post(
    '/api/users/signin',
    emailField(),
    body('password')
      .isString()
      .withMessage('Password must be a string')
      .bail()
      .notEmpty()
      .withMessage('You must supply a password')
      .isLength({ max: PASSWORD_MAX_LENGTH })
      .withMessage(`Password must be at most ${PASSWORD_MAX_LENGTH} characters`),
    validateRequest,
    async (req, res) => {
      const { email, password } = req.body as { email: string; password: string };
      const user = await signIn(deps, email, password, req.ip ?? 'unknown');
      req.session = { jwt: sessionTokenFor(user, session) };
      res.status(200).json({ id: user.id, email: user.email });
    },
  );
  return router;
}
