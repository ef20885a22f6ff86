import type { Db, EventHandler, Logger, Subject } from '@ticketing/common';
import type { PaymentsSchema } from '../db/schema';
import type { PaymentGateway } from '../gateway/payment-gateway';
import { orderCancelledHandler } from './order-cancelled-handler';
import { orderCreatedHandler } from './order-created-handler';

export function paymentsEventHandlers(db: Db<PaymentsSchema>, gateway: PaymentGateway, logger: Logger): EventHandler<Subject>[] {
  return [orderCreatedHandler(db), orderCancelledHandler(db, gateway, logger)];
}
