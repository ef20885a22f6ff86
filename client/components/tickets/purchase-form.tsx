'use client';

import { useActionState } from 'react';
import { formatMoney, type Money } from '@/lib/money';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import type { PurchaseState } from './actions';

interface PurchaseFormProps {
  /** `purchaseTicket` bound to the ticket. */
  action: (previous: PurchaseState) => Promise<PurchaseState>;
  price: Money;
}

export function PurchaseForm({ action, price }: PurchaseFormProps) {
  const [state, formAction] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="purchase">
      <FormAlert message={state.error} />
      <SubmitButton pendingLabel="Reserving your ticket…">Purchase for {formatMoney(price)}</SubmitButton>
      <p className="muted">The ticket is held for you while you pay.</p>
    </form>
  );
}
