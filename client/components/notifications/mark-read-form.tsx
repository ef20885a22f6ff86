'use client';

import { useActionState, type ReactNode } from 'react';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import type { MarkReadState } from './actions';

/** `action` is `markNoticeReadAction` bound to a notice, or `markAllNoticesReadAction`. */
export function MarkReadForm({ action, children }: { action: (previous: MarkReadState) => Promise<MarkReadState>; children: ReactNode }) {
  const [state, formAction] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="mark-read">
      <FormAlert message={state.error} />
      <SubmitButton variant="secondary" pendingLabel="Marking read…">
        {children}
      </SubmitButton>
    </form>
  );
}
