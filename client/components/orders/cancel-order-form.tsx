'use client';

import { useActionState } from 'react';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import type { CancelState } from './actions';

/** `action` is `cancelMyOrder` bound to the order. */
export function CancelOrderForm({ action }: { action: (previous: CancelState) => Promise<CancelState> }) {
  const [state, formAction] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="cancel-order">
      <FormAlert message={state.error} />
      <SubmitButton variant="secondary" pendingLabel="Cancelling…">
        Cancel order and release the ticket
      </SubmitButton>
    </form>
  );
}
