import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { checkInAction } from '@/components/events/check-in-actions';
import { CheckInDesk } from '@/components/events/check-in-desk';
import { getCheckInCount, getEvent, requireUser } from '@/lib/api';
import { formatVenueTime } from '@/lib/dates';

export const metadata: Metadata = { title: 'Check-in' };

export default async function CheckInPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/events/${id}/check-in`);
  const event = await getEvent(id);
  // Only the organiser checks tickets in; to anyone else there is nothing here.
  if (!event || event.organiserId !== user.id) notFound();
  const count = await getCheckInCount(event.id);
  if (!count) notFound();
  return (
    <div className="narrow">
      <h1>Check-in</h1>
      <p>
        <Link href={`/events/${event.id}`}>{event.name}</Link>, {formatVenueTime(event.startsAt, event.timeZone)}, {event.venue}.
      </p>
      <CheckInDesk action={checkInAction.bind(null, event.id)} count={count} />
    </div>
  );
}
