import type { Db, EventHandler, Logger, Subject } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { expirationCompleteHandler } from './expiration-complete-handler';
import { paymentCreatedHandler } from './payment-created-handler';
import { ticketCreatedHandler } from './ticket-created-handler';
import { ticketUpdatedHandler } from './ticket-updated-handler';

export function ordersEventHandlers(db: Db<OrdersSchema>, logger: Logger): EventHandler<Subject>[] {
  return [ticketCreatedHandler(db), ticketUpdatedHandler(db), expirationCompleteHandler(db), paymentCreatedHandler(db, logger)];
}
