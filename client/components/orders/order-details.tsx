import Link from 'next/link';
import { formatDateTime } from '@/lib/dates';
import type { Order, PaymentSetup } from '@/lib/api/types';
import { formatMoney } from '@/lib/money';
import { cancelMyOrder } from './actions';
import { CancellingNotice } from './cancelling-notice';
import { OrderCheckout } from './order-checkout';
import { HoldClock } from './hold-clock';
import { HoldStatusBadge } from './hold-status-badge';
import { displayStatus } from './order-status';

interface OrderDetailsProps {
  order: Order;
  /** Asked of the payments service only while the order can be paid. */
  paymentSetup: PaymentSetup | null;
  now: Date;
}

export function OrderDetails({ order, paymentSetup, now }: OrderDetailsProps) {
  const status = displayStatus(order, now);
  return (
    <HoldClock expiresAt={order.status === 'awaiting-payment' ? order.expiresAt : null}>
      <article className="card order-details">
        <div className="ticket-details-head">
          <h1>Order: {order.ticket.title}</h1>
          <HoldStatusBadge status={status} />
        </div>
        <dl className="facts">
          <div>
            <dt>Ticket</dt>
            <dd>
              <Link href={`/tickets/${order.ticket.id}`}>{order.ticket.title}</Link>
            </dd>
          </div>
          <div>
            <dt>Price</dt>
            <dd>{formatMoney(order.price)}</dd>
          </div>
          <div>
            <dt>Service fee</dt>
            <dd>{formatMoney(order.fee)}</dd>
          </div>
          <div>
            <dt>Total</dt>
            <dd className="price">{formatMoney(order.total)}</dd>
          </div>
          <div>
            <dt>Placed</dt>
            <dd>{formatDateTime(order.placedAt)}</dd>
          </div>
        </dl>
        {order.status === 'awaiting-payment' && (
          <OrderCheckout
            orderId={order.id}
            expiredOnArrival={status === 'expired'}
            amount={order.total}
            paymentSetup={paymentSetup ?? { mode: 'unavailable' }}
            cancelAction={cancelMyOrder.bind(null, order.id)}
          />
        )}
        {order.status === 'cancelling' && <CancellingNotice />}
        {order.status === 'complete' && (
          <div className="outcome outcome-success" role="status">
            <p className="outcome-title">Paid: the ticket is yours</p>
            <p>
              Your payment went through and the order is complete. Your ticket, with its entry code, is in{' '}
              <Link href="/tickets/mine">My tickets</Link>.
            </p>
          </div>
        )}
        {order.status === 'cancelled' && (
          <div className="outcome outcome-cancelled" role="status">
            <p className="outcome-title">This order is cancelled</p>
            <p>
              It was cancelled, or its time to pay ran out; a payment that arrived too late is refunded. The ticket went back on sale:{' '}
              <Link href={`/tickets/${order.ticket.id}`}>see if it is still available</Link>.
            </p>
          </div>
        )}
      </article>
    </HoldClock>
  );
}
