import type { EventHandler } from '@ticketing/common';
import type { ExpirationTimers } from '../timer/expiration-timers';

/** Starts the order's hold timer; a redelivered order.created finds it and adds nothing. */
export function orderCreatedHandler(timers: Pick<ExpirationTimers, 'schedule'>): EventHandler<'order.created'> {
  return {
    subject: 'order.created',
    async handle(order) {
      await timers.schedule(order);
    },
  };
}
