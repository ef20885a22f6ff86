import type { EventHandler, Subject } from '@ticketing/common';
import type { ExpirationTimers } from '../timer/expiration-timers';
import { orderCancelledHandler } from './order-cancelled-handler';
import { orderCreatedHandler } from './order-created-handler';

export function expirationEventHandlers(timers: ExpirationTimers): EventHandler<Subject>[] {
  return [orderCreatedHandler(timers), orderCancelledHandler(timers)];
}
