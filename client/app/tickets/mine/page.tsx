import type { Metadata } from 'next';
import Link from 'next/link';
import { MyListings } from '@/components/tickets/my-listings';
import { listMyTickets, requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'My listings' };

export default async function MyListingsPage() {
  await requireUser('/tickets/mine');
  const tickets = await listMyTickets();
  return (
    <>
      <div className="page-head">
        <h1>My listings</h1>
        <Link href="/tickets/new" className="button button-primary">
          Sell a ticket
        </Link>
      </div>
      <MyListings tickets={tickets} />
    </>
  );
}
