import { Router } from 'express';
import { body } from 'express-validator';
import { NotAuthorizedError, TooManyRequestsError, signSessionToken, validateRequest, type Db } from '@ticketing/common';
import type { SessionSettings } from '../app';
import type { AuthSchema } from '../db/schema';
import { countAttempt, forgetAttempts, giveBackAttempt } from '../db/signin-attempts';
import { findUserByEmail } from '../db/users';
import { verifyAgainstDecoy, verifyPassword } from '../domain/password';
import { clientKey, emailKey, secondsUntilAllowed, windowCutoff, type ThrottlePolicy } from '../domain/signin-throttle';
import { PASSWORD_MAX_LENGTH, emailField } from './credentials';

/** The same words for an unknown email and a wrong password, so neither reveals who has an account. */
const INVALID_CREDENTIALS = 'Invalid email or password';

export function signinRouter(db: Db<AuthSchema>, session: SessionSettings, policy: ThrottlePolicy, now: () => Date): Router {
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
      const at = now();
      const cutoff = windowCutoff(policy, at);
      const byEmail = emailKey(email);
      const byClient = clientKey(req.ip ?? 'unknown');
      const [emailCount, clientCount] = await Promise.all([
        countAttempt(db, byEmail, at, cutoff),
        countAttempt(db, byClient, at, cutoff),
      ]);
      const wait = Math.max(
        secondsUntilAllowed(emailCount, policy.maxAttemptsPerEmail, policy, at) ?? 0,
        secondsUntilAllowed(clientCount, policy.maxAttemptsPerClient, policy, at) ?? 0,
      );
      if (wait > 0) throw new TooManyRequestsError('Too many sign-in attempts, try again later', wait);

      const user = await findUserByEmail(db, email);
      const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDecoy(password);
      if (!user || !valid) throw new NotAuthorizedError(INVALID_CREDENTIALS);

      await Promise.all([forgetAttempts(db, byEmail), giveBackAttempt(db, byClient)]);
      req.session = { jwt: signSessionToken(user, session.jwtKey, session.expiresInSeconds) };
      res.status(200).json({ id: user.id, email: user.email });
    },
  );
  return router;
}
