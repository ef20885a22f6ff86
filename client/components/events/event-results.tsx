import Link from 'next/link';
import type { Event, EventPage } from '@/lib/api/types';
import { eventSearchHref, hasFilters, type EventFilters } from '@/lib/event-search';
import { EmptyState } from '../ui/empty-state';
import { EventCard } from './event-card';

interface EventResultsProps {
  /** Null when the API refused the search or the cursor: a link edited by hand, or gone stale. */
  page: EventPage | null;
  /** The page's events that fall on the chosen days at their venues. */
  events: Event[];
  filters: EventFilters;
  cursor?: string;
}

export function EventResults({ page, events, filters, cursor }: EventResultsProps) {
  if (!page) {
    return (
      <EmptyState title="This search cannot be shown: check the dates, or start again.">
        <Link href="/">Show all upcoming events</Link>
      </EmptyState>
    );
  }
  const filtered = hasFilters(filters);
  if (events.length === 0 && !page.nextCursor) {
    if (filtered) {
      return (
        <EmptyState title="No upcoming events match this search.">
          <Link href="/">Show all upcoming events</Link>
        </EmptyState>
      );
    }
    if (cursor) {
      return (
        <EmptyState title="No more events.">
          <Link href="/">Back to the first page</Link>
        </EmptyState>
      );
    }
    return (
      <EmptyState title="No upcoming events yet.">
        <Link href="/events/new" className="button button-primary">
          Create the first one
        </Link>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" className={filtered ? undefined : 'visually-hidden'}>
        {filtered ? 'Matching events, soonest first' : 'Soonest first'}
      </h2>
      {events.length > 0 ? (
        <ul className="event-grid">
          {events.map((event) => (
            <EventCard key={event.id} event={event} />
          ))}
        </ul>
      ) : (
        <p className="muted">None of the events on this page fall on those days at their venues; the next page may have some.</p>
      )}
      <nav aria-label="Pages of events" className="pagination">
        {cursor && (
          <Link href={eventSearchHref(filters)} className="button button-secondary">
            ← First page
          </Link>
        )}
        {page.nextCursor && (
          <Link href={eventSearchHref(filters, page.nextCursor)} className="button button-secondary" rel="next">
            Next page →
          </Link>
        )}
      </nav>
    </section>
  );
}
