import type { Metadata } from 'next';
import Link from 'next/link';
import { PayoutNudge } from '@/components/payouts/payout-nudge';
import { MyTickets } from '@/components/tickets/my-tickets';
import { getCredential, listMySales, listMyTickets, requireUser } from '@/lib/api';
import type { Credential } from '@/lib/credential';

export const metadata: Metadata = { title: 'My tickets' };

export default async function MyTicketsPage() {
  await requireUser('/tickets/mine');
  const [tickets, sales] = await Promise.all([listMyTickets(), listMySales()]);
  // A ticket of an event has an entry code until it is used; one listed before events has none.
  const withCodes = tickets.filter((ticket) => ticket.eventId && ticket.status !== 'checked-in' && ticket.status !== 'sold');
  const credentials = new Map<string, Credential>();
  await Promise.all(
    withCodes.map(async (ticket) => {
      const credential = await getCredential(ticket.id);
      if (credential) credentials.set(ticket.id, credential);
    }),
  );
  return (
    <>
      <div className="page-head">
        <h1>My tickets</h1>
        <Link href="/events/new" className="button button-secondary">
          Create an event
        </Link>
      </div>
      <PayoutNudge />
      <MyTickets tickets={tickets} credentials={credentials} sales={sales} />
    </>
  );
}
