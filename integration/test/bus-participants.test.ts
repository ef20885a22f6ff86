import { busParticipants, busServices, type BusService, type EventHandler, type Subject } from '@ticketing/common';
import { expirationEventHandlers } from '../../expiration/src/events/handlers';
import { notificationsEventHandlers } from '../../notifications/src/events/handlers';
import { ordersEventHandlers } from '../../orders/src/events/handlers';
import { paymentsEventHandlers } from '../../payments/src/events/handlers';
import { ticketsEventHandlers } from '../../tickets/src/events/handlers';

// Only the lists are read: no handler runs, so none needs what it would be built from.
const notUsed = {} as never;
const handlersOf: Record<BusService, EventHandler<Subject>[]> = {
  // Auth only publishes: its index.ts starts the event runtime with no handlers.
  auth: [],
  tickets: ticketsEventHandlers(notUsed, notUsed),
  orders: ordersEventHandlers(notUsed, notUsed),
  payments: paymentsEventHandlers(notUsed),
  expiration: expirationEventHandlers(notUsed),
  notifications: notificationsEventHandlers(notUsed),
};

it.each(busServices)("when the %s service's event handlers are listed, then they are the subjects its NATS user may consume", (service) => {
  const handled = handlersOf[service].map((handler) => handler.subject).sort();

  expect(handled).toEqual([...busParticipants[service].consumes].sort());
});
