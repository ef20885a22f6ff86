import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EditTicket } from '@/components/tickets/edit-ticket';
import { getTicket, requireUser } from '@/lib/api';

export const metadata: Metadata = { title: 'Edit ticket' };

export default async function EditTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/tickets/${id}/edit`);
  const ticket = await getTicket(id);
  // Only the seller may edit; to anyone else there is nothing here.
  if (!ticket || ticket.sellerId !== user.id) notFound();
  return (
    <div className="narrow">
      <h1>Edit ticket</h1>
      <EditTicket ticket={ticket} />
    </div>
  );
}
