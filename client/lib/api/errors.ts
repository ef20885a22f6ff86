/** One thing the API found wrong, and the field it concerns when it is a bad field. */
export interface Problem {
  message: string;
  field?: string;
  /** Why a code was refused at the door: `unknown`, `wrong-event`, `re-issued` or `expired`. */
  reason?: string;
}

/** The API answered with an error status; `problems` are its `errors`, in the API's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => p.message).join(' ') || `The API answered ${status}`);
    this.name = 'ApiError';
  }
}

/** No answer at all: the gateway or a service is down, or the network failed. */
export class ApiUnreachableError extends Error {
  constructor(cause: unknown) {
    super('The ticketing service cannot be reached right now. Try again in a moment.', { cause });
    this.name = 'ApiUnreachableError';
  }
}

/** Reads the common error shape `{"errors":[{message, field?}]}`, tolerating anything else. */
export function problemsFrom(body: unknown, status: number): Problem[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors)) {
    const problems = errors.flatMap((e): Problem[] => {
      const { message, field, reason } = (e ?? {}) as { message?: unknown; field?: unknown; reason?: unknown };
      if (typeof message !== 'string') return [];
      return [{ message, ...(typeof field === 'string' && { field }), ...(typeof reason === 'string' && { reason }) }];
    });
    if (problems.length > 0) return problems;
  }
  // A proxy in front of the services (the gateway's 502, an ingress page) has no such body.
  return [{ message: status >= 500 ? 'The ticketing service had a problem. Try again in a moment.' : `The request failed (${status}).` }];
}
