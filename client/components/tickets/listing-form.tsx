'use client';

import { useActionState } from 'react';
import type { ListingLimits } from '@/lib/api/types';
import type { Money } from '@/lib/money';
import { emptyFormState } from '@/lib/forms';
import { listingHint } from '@/lib/listing';
import { decimalFromMoney } from '@/lib/money';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { useFocusFirstError } from '../ui/use-focus-first-error';
import type { ListingFormState, WithdrawState } from './actions';

interface ListingFormProps {
  /** `listTicketAction` bound to the ticket. */
  action: (previous: ListingFormState, formData: FormData) => Promise<ListingFormState>;
  price: Money;
  faceValue: Money | null;
  limits: ListingLimits;
  listed: boolean;
}

/** The holder's price, with the highest allowed shown beside the field; the API checks it too. */
export function ListingForm({ action, price, faceValue, limits, listed }: ListingFormProps) {
  const [state, formAction] = useActionState(action, emptyFormState({ price: decimalFromMoney(price) }));
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={formAction} className="form listing-form" noValidate>
      <FormAlert message={state.formError} />
      <TextField
        name="price"
        label={`Price (${price.currency})`}
        required
        inputMode="decimal"
        autoComplete="off"
        hint={listingHint(limits, faceValue)}
        defaultValue={state.values.price}
        error={state.fieldErrors.price}
      />
      <div className="form-actions">
        <SubmitButton pendingLabel={listed ? 'Saving…' : 'Listing…'}>{listed ? 'Change price' : 'List for sale'}</SubmitButton>
      </div>
    </form>
  );
}

const NO_ERROR: WithdrawState = { error: null };

/** Takes the ticket off sale; a buyer who has the page open is refused when they try. */
export function WithdrawForm({ action }: { action: (previous: WithdrawState) => Promise<WithdrawState> }) {
  const [state, formAction] = useActionState(action, NO_ERROR);
  return (
    <form action={formAction} className="withdraw-form">
      <FormAlert message={state.error} />
      <SubmitButton pendingLabel="Withdrawing…" variant="secondary">
        Withdraw from sale
      </SubmitButton>
    </form>
  );
}
