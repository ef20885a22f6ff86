'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { formatMoney, type Money } from '@/lib/money';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { payForOrder } from './actions';
import { settleOrExplain, type OnSettling } from './outcome';
import { loadStripe, type Stripe, type StripeCardElement } from './stripe-js';

interface StripePaymentFormProps {
  publishableKey: string;
  orderId: string;
  amount: Money;
  onSettling: OnSettling;
}

/**
 * Card payment with Stripe Elements: the card number never touches our servers. Stripe.js turns the
 * card into a PaymentMethod, whose id the payments service confirms; when the bank asks for 3-D
 * Secure, Stripe.js shows it and the webhook brings the outcome.
 */
export function StripePaymentForm({ publishableKey, orderId, amount, onSettling }: StripePaymentFormProps) {
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: Stripe; card: StripeCardElement } | null>(null);
  const [ready, setReady] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [cardError, setCardError] = useState<string | null>(null);

  useEffect(() => {
    let card: StripeCardElement | undefined;
    let unmounted = false;
    loadStripe().then(
      (createStripe) => {
        if (unmounted || !mountRef.current) return;
        const stripe = createStripe(publishableKey);
        card = stripe.elements().create('card');
        card.mount(mountRef.current);
        card.on('change', (event) => setCardError(event.error?.message ?? null));
        stripeRef.current = { stripe, card };
        setReady(true);
      },
      () => setLoadError('The card form could not be loaded. Check your connection and reload the page.'),
    );
    return () => {
      unmounted = true;
      card?.destroy();
      stripeRef.current = null;
    };
  }, [publishableKey]);

  const [message, formAction] = useActionState(async (): Promise<string | null> => {
    const loaded = stripeRef.current;
    if (!loaded) return 'The card form is still loading.';
    const { paymentMethod, error } = await loaded.stripe.createPaymentMethod({ type: 'card', card: loaded.card });
    if (!paymentMethod) return error?.message ?? 'Your card details could not be read.';
    const outcome = await payForOrder(orderId, paymentMethod.id);
    if (outcome.outcome !== 'requires-action') return settleOrExplain(outcome, onSettling);
    const confirmation = await loaded.stripe.handleNextAction({ clientSecret: outcome.clientSecret });
    if (confirmation.error) return `Your bank did not confirm the payment: ${confirmation.error.message ?? 'try again or use another card.'}`;
    const status = confirmation.paymentIntent?.status;
    if (status === 'succeeded' || status === 'processing') return settleOrExplain({ outcome: status === 'succeeded' ? 'paid' : 'processing' }, onSettling);
    return 'The payment was not confirmed. Try again or use another card.';
  }, null);

  return (
    <form action={formAction} className="payment-form">
      <FormAlert message={loadError} />
      <div className="field">
        <span className="label" id="card-label">
          Card
        </span>
        <div ref={mountRef} className="card-element" role="group" aria-labelledby="card-label" aria-describedby={cardError ? 'card-error' : undefined} />
        {cardError && (
          <p id="card-error" className="field-error" role="alert">
            {cardError}
          </p>
        )}
      </div>
      <FormAlert message={message} />
      <div className="form-actions">
        <SubmitButton pendingLabel="Paying…" needsScript disabled={!ready}>
          Pay {formatMoney(amount)}
        </SubmitButton>
      </div>
    </form>
  );
}
