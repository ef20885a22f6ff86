import type { InputHTMLAttributes } from 'react';
import { FieldMessages, fieldDescription } from './field-messages';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  name: string;
  label: string;
  /** Shown under the field, and read with it. */
  hint?: string;
  /** The API's message for this field, shown beside it and announced with it. */
  error?: string;
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function TextField({ name, label, hint, error, ...input }: TextFieldProps) {
  const id = `field-${name}`;
  const { hintId, errorId, describedBy } = fieldDescription(id, hint, error);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      <FieldMessages hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
