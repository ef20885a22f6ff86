import type { EventHandler } from '@ticketing/common';
import type { ExpirationTimers } from '../timer/expiration-timers';

/**
 * Drops the timer of an order cancelled before its hold ended. Only a saving: a timer that still
 * fires (running already, or scheduled by an order.created that arrived after this) is ignored by
 * orders for an order it has cancelled.
 */
export function orderCancelledHandler(timers: Pick<ExpirationTimers, 'cancel'>): EventHandler<'order.cancelled'> {
  return {
    subject: 'order.cancelled',
    async handle(order) {
      await timers.cancel(order.id);
    },
  };
}
