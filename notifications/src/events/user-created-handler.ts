import type { EventHandler } from '@ticketing/common';
import { insertUser } from '../db/replicas';
import type { NotificationsDeps } from '../domain/deps';

/** Where the user's e-mail goes. */
export function userCreatedHandler({ db }: NotificationsDeps): EventHandler<'user.created'> {
  return {
    subject: 'user.created',
    async handle(user) {
      await insertUser(db, { id: user.id, email: user.email });
    },
  };
}
