import type { Metadata } from 'next';
import { createEventAction } from '@/components/events/actions';
import { EventForm } from '@/components/events/event-form';
import { requireUser } from '@/lib/api';
import { knownTimeZones } from '@/lib/dates';

export const metadata: Metadata = { title: 'Create an event' };

export default async function CreateEventPage() {
  await requireUser('/events/new');
  return (
    <div className="narrow">
      <h1>Create an event</h1>
      <p className="muted">You will be its organiser: you issue its tickets, and check them in at the door.</p>
      <EventForm action={createEventAction} timeZones={knownTimeZones()} submitLabel="Create event" pendingLabel="Creating…" cancelHref="/" />
    </div>
  );
}
