import type { EventHandler } from '@ticketing/common';
import type { PaymentsDeps } from '../domain/deps';
import { requestClose } from '../domain/close-order';

/** The hold timer fired: payments closes the order, unless a charge under way decides first. */
export function expirationCompleteHandler(deps: PaymentsDeps): EventHandler<'expiration.complete'> {
  return {
    subject: 'expiration.complete',
    async handle({ orderId }) {
      await requestClose(deps, orderId, 'expired');
    },
  };
}
