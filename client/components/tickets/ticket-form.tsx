'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { emptyFormState } from '@/lib/forms';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { useFocusFirstError } from '../ui/use-focus-first-error';
import type { TicketFormState } from './actions';

interface TicketFormProps {
  /** `sellTicket`, or `editTicket` bound to a ticket. */
  action: (previous: TicketFormState, formData: FormData) => Promise<TicketFormState>;
  initial?: { title: string; price: string };
  submitLabel: string;
  pendingLabel: string;
  cancelHref: string;
}

/** Title and price of a ticket. The API checks both; its messages appear beside the fields. */
export function TicketForm({ action, initial, submitLabel, pendingLabel, cancelHref }: TicketFormProps) {
  const [state, formAction] = useActionState(action, emptyFormState(initial));
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={formAction} className="form" noValidate>
      <FormAlert message={state.formError} />
      <TextField
        name="title"
        label="Title"
        required
        maxLength={200}
        hint="The event, and anything a buyer should know: date, seat, section."
        defaultValue={state.values.title}
        error={state.fieldErrors.title}
      />
      <TextField
        name="price"
        label="Price (USD)"
        required
        inputMode="decimal"
        autoComplete="off"
        hint="In dollars, e.g. 75 or 49.99."
        defaultValue={state.values.price}
        error={state.fieldErrors.price}
      />
      <div className="form-actions">
        <SubmitButton pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
        <Link href={cancelHref} className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
