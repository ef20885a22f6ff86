'use client';

import { useCallback, useState } from 'react';
import type { PaymentSetup } from '@/lib/api/types';
import type { Money } from '@/lib/money';
import { PaymentPanel } from '../payments/payment-panel';
import { FormAlert } from '../ui/form-alert';
import type { CancelState } from './actions';
import { CancelOrderForm } from './cancel-order-form';
import { Countdown } from './countdown';
import { useRefreshWhile } from './use-refresh-while';

type Phase =
  /** The hold is running and the order can be paid. */
  | { kind: 'paying' }
  /** Time ran out; the services cancel the order within seconds. */
  | { kind: 'expired' }
  /** A payment went through (or the order turned out to be closed): waiting for the order to show it. */
  | { kind: 'settling'; message: string };

interface OrderCheckoutProps {
  orderId: string;
  /** Whether the hold had already ended when the server rendered the page. */
  expiredOnArrival: boolean;
  /** What the buyer is charged. */
  amount: Money;
  paymentSetup: PaymentSetup;
  /** `cancelMyOrder` bound to the order. */
  cancelAction: (previous: CancelState) => Promise<CancelState>;
}

/** An unpaid order: the time left, the payment form, and what happens while the outcome arrives. */
export function OrderCheckout({ orderId, expiredOnArrival, amount, paymentSetup, cancelAction }: OrderCheckoutProps) {
  const [phase, setPhase] = useState<Phase>(expiredOnArrival ? { kind: 'expired' } : { kind: 'paying' });
  const onExpired = useCallback(() => setPhase((current) => (current.kind === 'paying' ? { kind: 'expired' } : current)), []);
  const onSettling = useCallback((message: string) => setPhase({ kind: 'settling', message }), []);
  const { gaveUp } = useRefreshWhile(phase.kind !== 'paying');

  return (
    <section aria-labelledby="checkout-heading" className="checkout">
      <h2 id="checkout-heading">Payment</h2>
      {phase.kind === 'paying' && (
        <>
          <Countdown onExpired={onExpired} />
          <PaymentPanel orderId={orderId} amount={amount} setup={paymentSetup} onSettling={onSettling} />
          <CancelOrderForm action={cancelAction} />
        </>
      )}
      {phase.kind === 'expired' && (
        <div className="outcome outcome-expired" role="alert">
          <p className="outcome-title">Time is up</p>
          <p>The hold on this ticket has ended without payment, so the order is being cancelled and the ticket goes back on sale.</p>
        </div>
      )}
      {phase.kind === 'settling' && <FormAlert message={phase.message} tone="info" />}
      {gaveUp && <FormAlert message="This is taking longer than usual. Reload the page in a little while to see how your order stands." tone="info" />}
    </section>
  );
}
