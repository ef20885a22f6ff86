'use client';

import { useHoldRemaining } from './hold-clock';
import { OrderStatusBadge, type OrderDisplayStatus } from './order-status';

/**
 * The order's badge on its own page: an order the server rendered as awaiting payment shows expired
 * on the tick its hold ends, the same tick the countdown stops.
 */
export function HoldStatusBadge({ status }: { status: OrderDisplayStatus }) {
  const remainingMs = useHoldRemaining();
  return <OrderStatusBadge status={status === 'awaiting-payment' && remainingMs === 0 ? 'expired' : status} />;
}
