import type { Db, EventHandler, Logger, Subject } from '@ticketing/common';
import type { TicketsSchema } from '../db/schema';
import { orderCancelledHandler } from './order-cancelled-handler';
import { orderCompletedHandler } from './order-completed-handler';
import { orderCreatedHandler } from './order-created-handler';

export function ticketsEventHandlers(db: Db<TicketsSchema>, logger: Logger): EventHandler<Subject>[] {
  return [orderCreatedHandler(db, logger), orderCancelledHandler(db), orderCompletedHandler(db, logger)];
}
