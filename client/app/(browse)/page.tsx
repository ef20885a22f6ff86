import { EventFiltersForm } from '@/components/events/event-filters';
import { EventResults } from '@/components/events/event-results';
import { listUpcomingEvents } from '@/lib/api';
import { onVenueDays, readEventFilters, startBounds, type EventFilters } from '@/lib/event-search';
import { firstParam, type SearchParams } from '@/lib/search-params';

const NO_FILTERS: EventFilters = { q: '', city: '', category: '', from: '', to: '' };

export default async function BrowsePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const filters = readEventFilters(params);
  const cursor = firstParam(params.cursor) || undefined;
  const page = filters
    ? await listUpcomingEvents({
        search: filters.q || undefined,
        city: filters.city || undefined,
        category: filters.category || undefined,
        ...startBounds(filters),
        cursor,
      })
    : null;
  const shown = filters ?? NO_FILTERS;
  return (
    <>
      <h1>Upcoming events</h1>
      <EventFiltersForm filters={shown} />
      <EventResults page={page} events={page?.events.filter((event) => onVenueDays(event, shown)) ?? []} filters={shown} cursor={cursor} />
    </>
  );
}
