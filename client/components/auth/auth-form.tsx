'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { signIn, signUp } from '@/lib/api/browser';
import { emptyFormState, formStateFromProblems, textField, type FormState } from '@/lib/forms';
import { PASSWORD_HINT } from '@/lib/password';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { useFocusFirstError } from '../ui/use-focus-first-error';

const FIELDS = ['email', 'password'] as const;
type AuthFormState = FormState<(typeof FIELDS)[number]> & { signedIn: boolean };

const COPY = {
  signin: { submit: 'Sign in', pending: 'Signing in…', switchPrompt: 'New here?', switchLabel: 'Create an account', switchTo: '/auth/signup' },
  signup: { submit: 'Create account', pending: 'Creating your account…', switchPrompt: 'Already have an account?', switchLabel: 'Sign in', switchTo: '/auth/signin' },
} as const;

/**
 * Sign-in and sign-up. The browser posts to the same-origin API (see lib/api/browser.ts for why), and
 * the API's own messages are shown: beside the email or password field when they are about one,
 * above the form otherwise (a wrong password gets one generic message).
 */
export function AuthForm({ mode, returnPath }: { mode: 'signin' | 'signup'; returnPath: string }) {
  const copy = COPY[mode];
  const [state, formAction] = useActionState(async (_previous: AuthFormState, formData: FormData): Promise<AuthFormState> => {
    const credentials = { email: textField(formData, 'email'), password: textField(formData, 'password') };
    const result = await (mode === 'signin' ? signIn(credentials) : signUp(credentials));
    if (result.ok) {
      // A full load, so the header and every server-rendered page see the new session.
      window.location.assign(returnPath);
      return { ...emptyFormState({ email: credentials.email }), signedIn: true };
    }
    return { ...formStateFromProblems(result.problems, FIELDS, { email: credentials.email }), signedIn: false };
  }, { ...emptyFormState(), signedIn: false });
  const formRef = useFocusFirstError(state);
  const switchHref = returnPath === '/' ? copy.switchTo : `${copy.switchTo}?next=${encodeURIComponent(returnPath)}`;

  return (
    <form ref={formRef} action={formAction} className="form" noValidate>
      <FormAlert message={state.formError} />
      <FormAlert message={state.signedIn ? 'Signed in. Taking you back…' : null} tone="info" />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values.email}
        error={state.fieldErrors.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
        required
        hint={mode === 'signup' ? PASSWORD_HINT : undefined}
        error={state.fieldErrors.password}
      />
      <div className="form-actions">
        <SubmitButton pendingLabel={copy.pending} needsScript disabled={state.signedIn}>
          {copy.submit}
        </SubmitButton>
      </div>
      <p className="form-switch">
        {copy.switchPrompt} <Link href={switchHref}>{copy.switchLabel}</Link>
      </p>
    </form>
  );
}
