import type { Db, EventHandler, Logger, Subject } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { paymentClosedHandler } from './payment-closed-handler';
import { paymentSucceededHandler } from './payment-succeeded-handler';
import { ticketCreatedHandler } from './ticket-created-handler';
import { ticketUpdatedHandler } from './ticket-updated-handler';

export function ordersEventHandlers(db: Db<OrdersSchema>, logger: Logger): EventHandler<Subject>[] {
  return [ticketCreatedHandler(db), ticketUpdatedHandler(db), paymentSucceededHandler(db, logger), paymentClosedHandler(db, logger)];
}
