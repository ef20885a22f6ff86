import type { EventHandler, Subject } from '@ticketing/common';
import type { PaymentsDeps } from '../domain/deps';
import { expirationCompleteHandler } from './expiration-complete-handler';
import { orderCancelRequestedHandler } from './order-cancel-requested-handler';
import { orderCreatedHandler } from './order-created-handler';

export function paymentsEventHandlers(deps: PaymentsDeps): EventHandler<Subject>[] {
  return [orderCreatedHandler(deps.db), orderCancelRequestedHandler(deps), expirationCompleteHandler(deps)];
}
