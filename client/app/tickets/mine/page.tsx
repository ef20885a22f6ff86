import type { Metadata } from 'next';
import Link from 'next/link';
import { MyTickets } from '@/components/tickets/my-tickets';
import { listMyTickets, requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'My tickets' };

export default async function MyTicketsPage() {
  await requireUser('/tickets/mine');
  const tickets = await listMyTickets();
  return (
    <>
      <div className="page-head">
        <h1>My tickets</h1>
        <Link href="/events/new" className="button button-secondary">
          Create an event
        </Link>
      </div>
      <MyTickets tickets={tickets} />
    </>
  );
}
