import type { EventHandler, Subject } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { eventCreatedHandler } from './event-created-handler';
import { eventUpdatedHandler } from './event-updated-handler';
import { orderCancelledHandler } from './order-cancelled-handler';
import { orderCompletedHandler } from './order-completed-handler';
import { orderCreatedHandler } from './order-created-handler';
import { payoutSentHandler } from './payout-sent-handler';
import { ticketCreatedHandler } from './ticket-created-handler';
import { userCreatedHandler } from './user-created-handler';

export function notificationsEventHandlers(deps: NotificationsDeps): EventHandler<Subject>[] {
  return [
    userCreatedHandler(deps),
    eventCreatedHandler(deps),
    eventUpdatedHandler(deps),
    ticketCreatedHandler(deps),
    orderCreatedHandler(deps),
    orderCompletedHandler(deps),
    orderCancelledHandler(deps),
    payoutSentHandler(deps),
  ];
}
