import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { issueTicketsAction } from '@/components/events/actions';
import { IssueTicketsForm } from '@/components/events/issue-tickets-form';
import { PayoutNudge } from '@/components/payouts/payout-nudge';
import { getEvent, requireUser } from '@/lib/api';
import { formatVenueTime } from '@/lib/dates';

export const metadata: Metadata = { title: 'Issue tickets' };

export default async function IssueTicketsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/events/${id}/tickets/new`);
  const event = await getEvent(id);
  // Only the organiser issues tickets; to anyone else there is nothing here.
  if (!event || event.organiserId !== user.id) notFound();
  return (
    <div className="narrow">
      <h1>Issue tickets</h1>
      <p>
        For <Link href={`/events/${event.id}`}>{event.name}</Link>, {formatVenueTime(event.startsAt, event.timeZone)}, at {event.venue}, {event.city}.
      </p>
      {event.startsAt.getTime() <= Date.now() ? (
        <p>This event has started, so no more tickets can be issued for it.</p>
      ) : (
        <>
          <PayoutNudge />
          <IssueTicketsForm action={issueTicketsAction.bind(null, event.id)} currency={event.currency} cancelHref={`/events/${event.id}`} />
        </>
      )}
    </div>
  );
}
