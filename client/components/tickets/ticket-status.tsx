import type { TicketStatus } from '@/lib/api/types';

const LABELS: Record<TicketStatus, string> = { listed: 'Listed', held: 'On hold', 'not-listed': 'Not listed', 'checked-in': 'Checked in', sold: 'Sold' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}
