'use client';

import { useActionState } from 'react';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { connectPayoutsAction, type ConnectState } from './actions';

const NO_ERROR: ConnectState = { error: null };

export function ConnectPayoutsForm({ label }: { label: string }) {
  const [state, formAction] = useActionState(connectPayoutsAction, NO_ERROR);
  return (
    <form action={formAction} className="connect-payouts">
      <FormAlert message={state.error} />
      <SubmitButton pendingLabel="Connecting…">{label}</SubmitButton>
    </form>
  );
}
