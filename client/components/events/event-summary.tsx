import Link from 'next/link';
import type { Event, User } from '@/lib/api/types';
import { formatVenueTime } from '@/lib/dates';
import { availability } from './event-card';
import { CATEGORY_LABELS } from './category';

/** The event's details, and for its organiser what they can do with it before it starts. */
export function EventSummary({ event, viewer, now }: { event: Event; viewer: User | null; now: Date }) {
  const isOrganiser = viewer?.id === event.organiserId;
  const started = event.startsAt.getTime() <= now.getTime();
  return (
    <article className="card event-summary">
      <p className="event-card-category">{CATEGORY_LABELS[event.category]}</p>
      <h1>{event.name}</h1>
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={event.startsAt.toISOString()}>{formatVenueTime(event.startsAt, event.timeZone)}</time>
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            {event.venue}, {event.city}
          </dd>
        </div>
        <div>
          <dt>Tickets</dt>
          <dd>{availability(event)}</dd>
        </div>
      </dl>
      {started && <p className="next-step">This event has started: its ticket sales are closed.</p>}
      {isOrganiser && (
        <div className="next-step organiser-actions">
          <p>You organise this event.</p>
          <div className="form-actions">
            {!started && (
              <Link href={`/events/${event.id}/tickets/new`} className="button button-primary">
                Issue tickets
              </Link>
            )}
            <Link href={`/events/${event.id}/check-in`} className="button button-secondary">
              Check-in
            </Link>
            {!started && (
              <Link href={`/events/${event.id}/edit`} className="button button-secondary">
                Edit event
              </Link>
            )}
          </div>
        </div>
      )}
    </article>
  );
}
