import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EventListings } from '@/components/events/event-listings';
import { EventSummary } from '@/components/events/event-summary';
import { getCurrentUser, getEvent, listEventTickets } from '@/lib/api';
import { firstParam, type SearchParams } from '@/lib/search-params';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await getEvent((await params).id);
  return { title: event?.name ?? 'Event not found' };
}

export default async function EventPage({ params, searchParams }: Props) {
  const { id } = await params;
  const cursor = firstParam((await searchParams).cursor) || undefined;
  const [event, viewer] = await Promise.all([getEvent(id), getCurrentUser()]);
  if (!event) notFound();
  const listings = await listEventTickets(event.id, cursor);
  return (
    <div className="event-page">
      <EventSummary event={event} viewer={viewer} now={new Date()} />
      <EventListings eventId={event.id} page={listings} cursor={cursor} />
    </div>
  );
}
