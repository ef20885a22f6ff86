import type { SelectHTMLAttributes } from 'react';
import { FieldMessages, fieldDescription } from './field-messages';

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'> {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** The first, empty option, for a choice nobody should make by not looking. */
  placeholder?: string;
  hint?: string;
  error?: string;
}

/** A labelled select whose hint and error are tied to it with aria-describedby, like TextField. */
export function SelectField({ name, label, options, placeholder, hint, error, ...select }: SelectFieldProps) {
  const id = `field-${name}`;
  const { hintId, errorId, describedBy } = fieldDescription(id, hint, error);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
