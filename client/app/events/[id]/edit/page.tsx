import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { updateEventAction } from '@/components/events/actions';
import { EventForm } from '@/components/events/event-form';
import { getEvent, requireUser } from '@/lib/api';
import { knownTimeZones, wallClockAt } from '@/lib/dates';

export const metadata: Metadata = { title: 'Edit event' };

export default async function EditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/events/${id}/edit`);
  const event = await getEvent(id);
  // Only the organiser may edit; to anyone else there is nothing here.
  if (!event || event.organiserId !== user.id) notFound();
  if (event.startsAt.getTime() <= Date.now()) {
    return (
      <div className="narrow">
        <h1>Edit event</h1>
        <p>This event has started, so its details can no longer change.</p>
        <Link href={`/events/${event.id}`}>Back to the event</Link>
      </div>
    );
  }
  const { date, time } = wallClockAt(event.startsAt, event.timeZone);
  const initial = { name: event.name, venue: event.venue, city: event.city, date, time, timeZone: event.timeZone, category: event.category };
  return (
    <div className="narrow">
      <h1>Edit event</h1>
      <EventForm
        action={updateEventAction.bind(null, event.id)}
        initial={initial}
        timeZones={knownTimeZones()}
        submitLabel="Save changes"
        pendingLabel="Saving…"
        cancelHref={`/events/${event.id}`}
      />
    </div>
  );
}
