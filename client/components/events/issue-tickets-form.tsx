'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { emptyFormState } from '@/lib/forms';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { useFocusFirstError } from '../ui/use-focus-first-error';
import type { IssueFormState } from './actions';

const INITIAL: IssueFormState = emptyFormState({ seating: 'seated' });

interface IssueTicketsFormProps {
  /** `issueTicketsAction` bound to the event. */
  action: (previous: IssueFormState, formData: FormData) => Promise<IssueFormState>;
  currency: string;
  cancelHref: string;
}

/**
 * Tickets at one face value: named seats of a section and row, or a number of general admissions.
 * Both sets of fields are in the page, so it works without script; CSS shows the chosen one.
 */
export function IssueTicketsForm({ action, currency, cancelHref }: IssueTicketsFormProps) {
  const [state, formAction] = useActionState(action, INITIAL);
  const formRef = useFocusFirstError(state);
  const { values, fieldErrors } = state;
  return (
    <form ref={formRef} action={formAction} className="form issue-form" noValidate>
      <FormAlert message={state.formError} />
      <TextField
        name="faceValue"
        label={`Face value (${currency})`}
        required
        inputMode="decimal"
        autoComplete="off"
        hint="What each ticket costs; they are listed at this price. Buyers pay a service fee on top."
        defaultValue={values.faceValue}
        error={fieldErrors.faceValue}
      />
      <fieldset>
        <legend>Seating</legend>
        <label className="choice">
          <input type="radio" name="seating" value="seated" defaultChecked={values.seating !== 'general-admission'} />
          <span>Numbered seats</span>
        </label>
        <label className="choice">
          <input type="radio" name="seating" value="general-admission" defaultChecked={values.seating === 'general-admission'} />
          <span>General admission (no seats)</span>
        </label>
      </fieldset>
      <div className="field-pair">
        <TextField name="section" label="Section (optional)" maxLength={20} defaultValue={values.section} error={fieldErrors.section} />
        <TextField name="row" label="Row (optional)" maxLength={20} defaultValue={values.row} error={fieldErrors.row} />
      </div>
      <div className="seated-only">
        <TextField
          name="seats"
          label="Seats"
          autoComplete="off"
          hint="Numbers or names, separated by commas; 1-20 stands for seats 1 to 20. Up to 100 per issue."
          defaultValue={values.seats}
          error={fieldErrors.seats}
        />
      </div>
      <div className="general-admission-only">
        <TextField
          name="quantity"
          label="Number of tickets"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          hint="Up to 100 per issue."
          defaultValue={values.quantity}
          error={fieldErrors.quantity}
        />
      </div>
      <div className="form-actions">
        <SubmitButton pendingLabel="Issuing…">Issue tickets</SubmitButton>
        <Link href={cancelHref} className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
