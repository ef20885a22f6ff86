import { ApiError, ApiUnreachableError, type Problem } from './api/errors';

/** What a form shows after a submit: each field's error beside it, the rest above, and what was typed. */
export interface FormState<Field extends string> {
  fieldErrors: Partial<Record<Field, string>>;
  formError: string | null;
  values: Partial<Record<Field, string>>;
}

export const emptyFormState = <Field extends string>(values: Partial<Record<Field, string>> = {}): FormState<Field> => ({
  fieldErrors: {},
  formError: null,
  values,
});

/** Puts each problem beside its field, keeping the first per field; the others go above the form. */
export function formStateFromProblems<Field extends string>(
  problems: Problem[],
  fields: readonly Field[],
  values: Partial<Record<Field, string>>,
): FormState<Field> {
  const fieldErrors: Partial<Record<Field, string>> = {};
  const general: string[] = [];
  for (const problem of problems) {
    const field = fields.find((f) => f === problem.field);
    if (field) fieldErrors[field] ??= problem.message;
    else general.push(problem.message);
  }
  return { fieldErrors, formError: general.length > 0 ? general.join(' ') : null, values };
}

export const SESSION_ENDED = 'You are not signed in (your session may have ended). Sign in again to continue.';

/**
 * The problems to show for a failed API call made by a server action. Anything other than an API
 * error or an unreachable API is a bug and is rethrown, for the error page and the server's log.
 */
export function problemsOf(error: unknown): Problem[] {
  if (error instanceof ApiError) return error.status === 401 ? [{ message: SESSION_ENDED }] : error.problems;
  if (error instanceof ApiUnreachableError) return [{ message: error.message }];
  throw error;
}

/** A form field's text; absent or a file counts as empty. */
export function textField(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}
