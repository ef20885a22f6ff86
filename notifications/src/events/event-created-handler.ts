import type { EventHandler } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { replicateEvent } from '../domain/replicate-event';

/** An event's name, venue and start, for the notices of its tickets. */
export function eventCreatedHandler(deps: NotificationsDeps): EventHandler<'event.created'> {
  return { subject: 'event.created', handle: (event) => replicateEvent(deps, event) };
}
