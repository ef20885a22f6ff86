import type { CancelReason, Db, EventHandler, Logger, Subject } from '@ticketing/common';
import type { OrdersSchema } from '../db/schema';
import { paymentClosedHandler } from './payment-closed-handler';
import { paymentSucceededHandler } from './payment-succeeded-handler';
import { ticketCreatedHandler } from './ticket-created-handler';
import { ticketUpdatedHandler } from './ticket-updated-handler';

/** What the handlers tell of the orders they close, once committed: for the metrics. */
export interface OrderClosings {
  onOrderCancelled?: (reason: CancelReason) => void;
  onOrderCompleted?: () => void;
}

export function ordersEventHandlers(db: Db<OrdersSchema>, logger: Logger, closings: OrderClosings = {}): EventHandler<Subject>[] {
  return [
    ticketCreatedHandler(db),
    ticketUpdatedHandler(db),
    paymentSucceededHandler(db, logger, closings.onOrderCompleted),
    paymentClosedHandler(db, logger, closings.onOrderCancelled),
  ];
}
