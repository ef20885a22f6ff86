import { RetryLaterError, decideVersion, type EventCreatedData } from '@ticketing/common';
import { lockEvent, saveEvent } from '../db/replicas';
import type { NotificationsDeps } from './deps';

/** Keeps an event as its organiser last described it, strictly in version order. */
export async function replicateEvent({ db }: NotificationsDeps, event: EventCreatedData): Promise<void> {
  await db.transaction(async (tx) => {
    const held = await lockEvent(tx, event.id);
    const decision = decideVersion(held?.version, event.version);
    if (decision === 'already-applied') return;
    if (decision === 'too-new') throw new RetryLaterError(`event ${event.id} is at version ${held?.version ?? 'none'}, got ${event.version}`);
    await saveEvent(tx, {
      id: event.id,
      version: event.version,
      name: event.name,
      venue: event.venue,
      city: event.city,
      startsAt: new Date(event.startsAt),
      timeZone: event.timeZone,
    });
  });
}
