import { Counter, type Registry } from 'prom-client';
import type { CancelReason } from '@ticketing/common';
import type { PlaceOrderDeps } from './domain/place-order';
import type { OrderClosings } from './events/handlers';

/**
 * The orders counted for the metrics, each told by its use case once its transaction has committed:
 * placed, cancelled by reason, and completed. Each replica counts what it did; Prometheus sums them.
 */
export function ordersCounters(registry: Registry): Required<Pick<PlaceOrderDeps, 'onOrderPlaced'> & OrderClosings> {
  const registers = [registry];
  const created = new Counter({ name: 'orders_created_total', help: 'Orders placed', registers });
  const cancelled = new Counter({
    name: 'orders_cancelled_total',
    help: 'Orders cancelled, by reason: expired (the hold ran out unpaid) or cancelled (the buyer gave it up)',
    labelNames: ['reason'] as const,
    registers,
  });
  const completed = new Counter({ name: 'orders_completed_total', help: 'Orders paid, their ticket sold', registers });
  return {
    onOrderPlaced: () => created.inc(),
    onOrderCancelled: (reason: CancelReason) => cancelled.inc({ reason }),
    onOrderCompleted: () => completed.inc(),
  };
}
