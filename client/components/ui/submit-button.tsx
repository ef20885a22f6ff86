'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { useHydrated } from './use-hydrated';

interface SubmitButtonProps {
  children: ReactNode;
  /** Shown while the form is being submitted. */
  pendingLabel: string;
  /** For forms that do nothing without JavaScript: disabled until the page is interactive. */
  needsScript?: boolean;
  disabled?: boolean;
  variant?: 'primary' | 'secondary' | 'danger';
}

export function SubmitButton({ children, pendingLabel, needsScript = false, disabled = false, variant = 'primary' }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  const hydrated = useHydrated();
  return (
    <button type="submit" className={`button button-${variant}`} disabled={disabled || pending || (needsScript && !hydrated)} aria-busy={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}
