import type { TicketStatus } from '@/lib/api/types';

const LABELS: Record<TicketStatus, string> = { 'on-sale': 'On sale', held: 'On hold', sold: 'Sold' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}
