import type { EventHandler } from '@ticketing/common';
import type { PaymentsDeps } from '../domain/deps';
import { requestClose } from '../domain/close-order';

/** The buyer gave the order up: payments closes it, unless a charge under way decides first. */
export function orderCancelRequestedHandler(deps: PaymentsDeps): EventHandler<'order.cancel-requested'> {
  return {
    subject: 'order.cancel-requested',
    async handle({ id }) {
      await requestClose(deps, id, 'cancelled');
    },
  };
}
