'use client';

import { useActionState, useState } from 'react';
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
  // React resets a form after its action runs, which puts each radio back to its default: so the
  // default follows the buyer's choice, and a decline leaves the card they chose selected.
  const [cardId, setCardId] = useState<string>(TEST_CARDS[0].id);
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
        {TEST_CARDS.map((card) => (
          <div key={card.id} className="choice">
            <input
              type="radio"
              id={`card-${card.id}`}
              name="paymentMethod"
              value={card.id}
              defaultChecked={cardId === card.id}
              onChange={() => setCardId(card.id)}
            />
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
