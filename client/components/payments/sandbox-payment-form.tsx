'use client';

import { useActionState } from 'react';
import { formatMoney, type Money } from '@/lib/money';
import { textField } from '@/lib/forms';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { payForOrder } from './actions';
import { settleOrExplain, type OnSettling } from './outcome';

/** Stripe's test payment methods, which the sandbox answers as Stripe's test mode would. */
const TEST_CARDS = [
  { id: 'pm_card_visa', label: 'Visa ending 4242', outcome: 'the payment succeeds' },
  { id: 'pm_card_chargeDeclined', label: 'Card that is declined', outcome: 'the bank refuses it' },
  { id: 'pm_card_authenticationRequired', label: 'Card that needs 3-D Secure', outcome: 'the bank asks the buyer to confirm' },
] as const;

const ACTION_IN_SANDBOX =
  'Your bank asks you to confirm this payment (3-D Secure). Test mode cannot show that step: choose another test card to pay.';

/** With no Stripe keys the payments service runs a sandbox: no card is charged, and the page says so plainly. */
export function SandboxPaymentForm({ orderId, amount, onSettling }: { orderId: string; amount: Money; onSettling: OnSettling }) {
  const [message, formAction] = useActionState(async (_previous: string | null, formData: FormData): Promise<string | null> => {
    const outcome = await payForOrder(orderId, textField(formData, 'paymentMethod'));
    if (outcome.outcome === 'requires-action') return ACTION_IN_SANDBOX;
    return settleOrExplain(outcome, onSettling);
  }, null);

  return (
    <form action={formAction} className="payment-form payment-form-test">
      <p className="test-mode">
        <strong>TEST MODE</strong> No real card is charged. Pick one of Stripe&apos;s test cards to see each outcome.
      </p>
      <fieldset>
        <legend>Test card</legend>
        {TEST_CARDS.map((card, index) => (
          <div key={card.id} className="choice">
            <input type="radio" id={`card-${card.id}`} name="paymentMethod" value={card.id} defaultChecked={index === 0} />
            <label htmlFor={`card-${card.id}`}>
              {card.label} <span className="muted">({card.outcome})</span>
            </label>
          </div>
        ))}
      </fieldset>
      <FormAlert message={message} />
      <div className="form-actions">
        <SubmitButton pendingLabel="Paying…" needsScript>
          Pay {formatMoney(amount)} (test)
        </SubmitButton>
      </div>
    </form>
  );
}
