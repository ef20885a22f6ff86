import type { Metadata } from 'next';
import { sellTicket } from '@/components/tickets/actions';
import { TicketForm } from '@/components/tickets/ticket-form';
import { requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function SellTicketPage() {
  await requireUser('/tickets/new');
  return (
    <div className="narrow">
      <h1>Sell a ticket</h1>
      <TicketForm action={sellTicket} submitLabel="List ticket for sale" pendingLabel="Listing…" cancelHref="/" />
    </div>
  );
}
