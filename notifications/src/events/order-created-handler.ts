import type { EventHandler } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { tellOrderHeld } from '../domain/order-notices';

/** The buyer's ticket is held: they are told until when, and what to pay. */
export function orderCreatedHandler(deps: NotificationsDeps): EventHandler<'order.created'> {
  return { subject: 'order.created', handle: (data, envelope) => tellOrderHeld(deps, data, envelope) };
}
