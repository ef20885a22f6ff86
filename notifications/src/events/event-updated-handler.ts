import type { EventHandler } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { replicateEvent } from '../domain/replicate-event';

/** A renamed or moved event: notices written from now on name it as it now is. */
export function eventUpdatedHandler(deps: NotificationsDeps): EventHandler<'event.updated'> {
  return { subject: 'event.updated', handle: (event) => replicateEvent(deps, event) };
}
