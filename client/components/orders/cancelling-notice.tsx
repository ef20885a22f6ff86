'use client';

import { FormAlert } from '../ui/form-alert';
import { useRefreshWhile } from './use-refresh-while';

/**
 * The buyer gave the order up and the services are confirming that no payment started; the page
 * refreshes until the order shows cancelled (or, if a payment was already under way, paid).
 */
export function CancellingNotice() {
  const { gaveUp } = useRefreshWhile(true);
  return (
    <div className="outcome outcome-cancelled" role="status">
      <p className="outcome-title">Cancelling your order</p>
      <p>The ticket is released as soon as the payment service confirms that no payment started.</p>
      {gaveUp && <FormAlert message="This is taking longer than usual. Reload the page in a little while to see how your order stands." tone="info" />}
    </div>
  );
}
