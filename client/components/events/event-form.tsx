'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { emptyFormState } from '@/lib/forms';
import { FormAlert } from '../ui/form-alert';
import { SelectField } from '../ui/select-field';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { useFocusFirstError } from '../ui/use-focus-first-error';
import type { EventFormState } from './actions';
import { CATEGORY_OPTIONS } from './category';

interface EventFormProps {
  /** `createEventAction`, or `updateEventAction` bound to an event. */
  action: (previous: EventFormState, formData: FormData) => Promise<EventFormState>;
  initial?: EventFormState['values'];
  /** Every zone the server knows, passed in so that server and browser render the same list. */
  timeZones: string[];
  submitLabel: string;
  pendingLabel: string;
  cancelHref: string;
}

/** An event's details. The start is typed as the venue's clocks will show it, in the zone chosen below it. */
export function EventForm({ action, initial, timeZones, submitLabel, pendingLabel, cancelHref }: EventFormProps) {
  const [state, formAction] = useActionState(action, emptyFormState(initial));
  const formRef = useFocusFirstError(state);
  const { values, fieldErrors } = state;
  return (
    <form ref={formRef} action={formAction} className="form" noValidate>
      <FormAlert message={state.formError} />
      <TextField name="name" label="Event name" required maxLength={120} hint="What the tickets say: the artist, match or show." defaultValue={values.name} error={fieldErrors.name} />
      <TextField name="venue" label="Venue" required maxLength={120} defaultValue={values.venue} error={fieldErrors.venue} />
      <TextField name="city" label="City" required maxLength={80} defaultValue={values.city} error={fieldErrors.city} />
      <div className="field-pair">
        <TextField name="date" label="Date" type="date" required defaultValue={values.date} error={fieldErrors.date} />
        <TextField name="time" label="Start time" type="time" required defaultValue={values.time} error={fieldErrors.time} />
      </div>
      <SelectField
        name="timeZone"
        label="Venue time zone"
        required
        placeholder="Choose the venue's time zone"
        hint="The date and start time are the venue's local time; buyers see them in it, with the zone named."
        options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
        defaultValue={values.timeZone}
        error={fieldErrors.timeZone}
      />
      <SelectField
        name="category"
        label="Category"
        required
        placeholder="Choose a category"
        options={CATEGORY_OPTIONS}
        defaultValue={values.category}
        error={fieldErrors.category}
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
