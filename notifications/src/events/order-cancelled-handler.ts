import type { EventHandler } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { tellOrderCancelled } from '../domain/order-notices';

/** The buyer is told their hold ran out, or that their cancellation went through. */
export function orderCancelledHandler(deps: NotificationsDeps): EventHandler<'order.cancelled'> {
  return { subject: 'order.cancelled', handle: (data, envelope) => tellOrderCancelled(deps, data, envelope) };
}
