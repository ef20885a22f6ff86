import type { EventHandler } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { tellOrderPaid } from '../domain/order-notices';

/** Paid: the buyer is told the ticket is theirs, the seller that it sold. */
export function orderCompletedHandler(deps: NotificationsDeps): EventHandler<'order.completed'> {
  return { subject: 'order.completed', handle: (data, envelope) => tellOrderPaid(deps, data, envelope) };
}
