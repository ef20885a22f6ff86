'use client';

import { useState, useTransition } from 'react';
import { signOut } from '@/lib/api/browser';
import { useHydrated } from '../ui/use-hydrated';

export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const onClick = () =>
    startTransition(async () => {
      const result = await signOut();
      if (result.ok) {
        // A full load, so every server-rendered part of the page forgets the visitor at once.
        window.location.assign('/');
      } else {
        setError(result.problems.map((p) => p.message).join(' '));
      }
    });
  return (
    <>
      <button type="button" className="button button-secondary" onClick={onClick} disabled={pending || !hydrated} aria-busy={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
      {error && (
        <span role="alert" className="account-error">
          {error}
        </span>
      )}
    </>
  );
}
