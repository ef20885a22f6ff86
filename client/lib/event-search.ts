import { EVENT_CATEGORIES, type Event, type EventCategory } from './api/types';
import { wallClockAt } from './dates';
import { firstParam, type SearchParams } from './search-params';

/** The home page's search as its URL holds it: the text of each filter, empty when unused. */
export interface EventFilters {
  q: string;
  city: string;
  category: EventCategory | '';
  /** Days as the venues' calendars read them, `2027-03-14`: an event on that day at its venue matches. */
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isDay = (text: string) => DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/** The filters in the URL, or null when one of them is not what the form sends (a link edited by hand). */
export function readEventFilters(params: SearchParams): EventFilters | null {
  const text = (name: string) => firstParam(params[name])?.trim() ?? '';
  const category = text('category');
  const filters = { q: text('q'), city: text('city'), category: category as EventFilters['category'], from: text('from'), to: text('to') };
  if (category && !(EVENT_CATEGORIES as readonly string[]).includes(category)) return null;
  if ((filters.from && !isDay(filters.from)) || (filters.to && !isDay(filters.to))) return null;
  return filters;
}

const HOUR_MS = 3_600_000;
/** The furthest any zone's clocks run ahead of UTC (Kiribati, +14) and behind it (Baker Island, -12). */
const MOST_AHEAD_MS = 14 * HOUR_MS;
const MOST_BEHIND_MS = 12 * HOUR_MS;

/**
 * The instants that hold every event whose venue's date lies in the range: the API filters by instant,
 * and a day begins at different instants in different zones. A few events of the days either side fall
 * in these bounds too, and `onVenueDays` takes them out.
 */
export function startBounds({ from, to }: Pick<EventFilters, 'from' | 'to'>): { from?: Date; to?: Date } {
  return {
    from: from ? new Date(Date.parse(`${from}T00:00:00Z`) - MOST_AHEAD_MS) : undefined,
    to: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 24 * HOUR_MS + MOST_BEHIND_MS - 1) : undefined,
  };
}

/** Whether the event falls on the range's days as its venue's calendar reads them. */
export function onVenueDays(event: Pick<Event, 'startsAt' | 'timeZone'>, { from, to }: Pick<EventFilters, 'from' | 'to'>): boolean {
  const day = wallClockAt(event.startsAt, event.timeZone).date;
  return (!from || day >= from) && (!to || day <= to);
}

/** The home page's URL for the filters, continuing from `cursor` when given; empty filters are left out. */
export function eventSearchHref(filters: EventFilters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

export const hasFilters = (filters: EventFilters): boolean => Object.values(filters).some(Boolean);
