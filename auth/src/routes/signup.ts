import { Router } from 'express';
import { body } from 'express-validator';
import { ConflictError, validateRequest, signSessionToken, type Db } from '@ticketing/common';
import type { SessionSettings } from '../app';
import type { AuthSchema } from '../db/schema';
import { insertUser } from '../db/users';
import { hashPassword } from '../domain/password';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, emailField } from './credentials';

export function signupRouter(db: Db<AuthSchema>, session: SessionSettings): Router {
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
      const user = await insertUser(db, email, await hashPassword(password));
      if (!user) throw new ConflictError('Email already in use', 'email');
      req.session = { jwt: signSessionToken(user, session.jwtKey, session.expiresInSeconds) };
      res.status(201).json({ id: user.id, email: user.email });
    },
  );
  return router;
}
