import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TicketDetails } from '@/components/tickets/ticket-details';
import { getCredential, getCurrentUser, getEvent, getOrder, getTicket } from '@/lib/api';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ticket = await getTicket((await params).id);
  return { title: ticket?.title ?? 'Ticket not found' };
}

export default async function TicketPage({ params }: Props) {
  const { id } = await params;
  const [ticket, viewer] = await Promise.all([getTicket(id), getCurrentUser()]);
  if (!ticket) notFound();
  // The holding order is found only when it is the viewer's: anyone else's answers 403, read as none.
  const isHolder = viewer?.id === ticket.holderId;
  const [event, viewerOrder, credential] = await Promise.all([
    ticket.eventId ? getEvent(ticket.eventId) : null,
    viewer && ticket.orderId && !isHolder ? getOrder(ticket.orderId) : null,
    isHolder && ticket.eventId && ticket.status !== 'checked-in' && ticket.status !== 'sold' ? getCredential(ticket.id) : null,
  ]);
  return <TicketDetails ticket={ticket} event={event} viewer={viewer} viewerOrder={viewerOrder} credential={credential} now={new Date()} />;
}
