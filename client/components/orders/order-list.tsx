import Link from 'next/link';
import { formatDateTime } from '@/lib/dates';
import type { Order } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { EmptyState } from '../ui/empty-state';
import { OrderStatusBadge, displayStatus } from './order-status';

export function OrderList({ orders, now }: { orders: Order[]; now: Date }) {
  if (orders.length === 0) {
    return (
      <EmptyState title="You have no orders yet.">
        <Link href="/" className="button button-primary">
          Browse tickets
        </Link>
      </EmptyState>
    );
  }
  return (
    <ul className="rows">
      {orders.map((order) => (
        <li key={order.id} className="row">
          <Link href={`/orders/${order.id}`} className="row-title">
            {order.ticket.title}
          </Link>
          <span className="row-price">{formatMoney(order.total)}</span>
          <OrderStatusBadge status={displayStatus(order, now)} />
          <span className="row-meta">Placed {formatDateTime(order.placedAt)}</span>
        </li>
      ))}
    </ul>
  );
}
