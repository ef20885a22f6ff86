import Link from 'next/link';
import type { Event } from '@/lib/api/types';
import { formatVenueTime } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { CATEGORY_LABELS } from './category';

/** What a listed event offers, in a few words: how many tickets and from what price. */
export function availability({ listedCount, lowestPrice }: Pick<Event, 'listedCount' | 'lowestPrice'>): string {
  if (listedCount === 0 || !lowestPrice) return 'No tickets listed yet';
  return `${listedCount} ${listedCount === 1 ? 'ticket' : 'tickets'} from ${formatMoney(lowestPrice)}`;
}

export function EventCard({ event }: { event: Event }) {
  return (
    <li className="card event-card">
      <p className="event-card-category">{CATEGORY_LABELS[event.category]}</p>
      <h3 className="event-card-title">
        <Link href={`/events/${event.id}`}>{event.name}</Link>
      </h3>
      <p className="event-card-when">
        <time dateTime={event.startsAt.toISOString()}>{formatVenueTime(event.startsAt, event.timeZone)}</time>
      </p>
      <p className="event-card-where">
        {event.venue} · {event.city}
      </p>
      <p className={event.listedCount > 0 ? 'event-card-offer' : 'event-card-offer muted'}>{availability(event)}</p>
    </li>
  );
}
