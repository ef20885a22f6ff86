import type { Order } from '@/lib/api/types';

/** An unpaid order past its `expiresAt` is expired to the buyer, even before the services cancel it. */
export type OrderDisplayStatus = 'awaiting-payment' | 'expired' | 'cancelling' | 'complete' | 'cancelled';

export function displayStatus(order: Order, now: Date): OrderDisplayStatus {
  if (order.status === 'awaiting-payment' && order.expiresAt.getTime() <= now.getTime()) return 'expired';
  return order.status;
}

const LABELS: Record<OrderDisplayStatus, string> = {
  'awaiting-payment': 'Awaiting payment',
  expired: 'Expired',
  cancelling: 'Cancelling',
  complete: 'Complete',
  cancelled: 'Cancelled',
};

export function OrderStatusBadge({ status }: { status: OrderDisplayStatus }) {
  // The server and the browser may see the hold end on either side of the same instant.
  return (
    <span className={`badge badge-order-${status}`} suppressHydrationWarning>
      {LABELS[status]}
    </span>
  );
}
