import type { EventHandler } from '@ticketing/common';
import type { NotificationsDeps } from '../domain/deps';
import { tellPayoutSent } from '../domain/order-notices';

/** The seller is told their proceeds are on the way. */
export function payoutSentHandler(deps: NotificationsDeps): EventHandler<'payout.sent'> {
  return { subject: 'payout.sent', handle: (data, envelope) => tellPayoutSent(deps, data, envelope) };
}
