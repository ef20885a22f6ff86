'use client';

import { useEffect, useRef } from 'react';

/**
 * After a submit that came back with field errors, focus moves to the first invalid field, so a
 * keyboard or screen-reader user lands on it and hears its label and error.
 */
export function useFocusFirstError<T>(state: T) {
  const formRef = useRef<HTMLFormElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);
  return formRef;
}
