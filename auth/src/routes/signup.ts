import { Router } from 'express';
import { body } from 'express-validator';
import { validateRequest } from '@ticketing/common';
import { sessionTokenFor, type SessionSettings } from '../domain/session';
import { signUp, type SignUpDeps } from '../domain/sign-up';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, emailField } from './credentials';

export function signupRouter(deps: SignUpDeps, session: SessionSettings): Router {
  const router = Router();
  router.post(
    '/api/users/signup',
    emailField(),
    body('password')
      .isString()
      .withMessage('Password must be a string')
      .bail()
      .isLength({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })
      .withMessage(`Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters`),
    validateRequest,
    async (req, res) => {
      const { email, password } = req.body as { email: string; password: string };
      const user = await signUp(deps, email, password, req.ip ?? 'unknown');
      req.session = { jwt: sessionTokenFor(user, session) };
      res.status(201).json({ id: user.id, email: user.email });
    },
  );
  return router;
}
