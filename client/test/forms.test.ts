import { describe, expect, it } from '@jest/globals';
import { ApiError, ApiUnreachableError, problemsFrom } from '../lib/api/errors';
import { SESSION_ENDED, formStateFromProblems, problemsOf } from '../lib/forms';

describe('form errors from the API', () => {
  it('when problems name fields of the form, then each goes beside its field and the rest above', () => {
    const state = formStateFromProblems(
      [
        { message: 'Title is required', field: 'title' },
        { message: 'Title is too long', field: 'title' },
        { message: 'Price must be positive', field: 'price' },
        { message: 'Something about the request', field: 'other' },
        { message: 'Try again later' },
      ],
      ['title', 'price'] as const,
      { title: '', price: '-1' },
    );
    expect(state).toEqual({
      fieldErrors: { title: 'Title is required', price: 'Price must be positive' },
      formError: 'Something about the request Try again later',
      values: { title: '', price: '-1' },
    });
  });

  it('when the API answers in the common error shape, then its messages are read as they are', () => {
    expect(problemsFrom({ errors: [{ message: 'Email must be valid', field: 'email' }] }, 400)).toEqual([
      { message: 'Email must be valid', field: 'email' },
    ]);
  });

  it('when something else answers (a proxy page), then the message says what failed', () => {
    expect(problemsFrom(null, 502)).toEqual([{ message: 'The ticketing service had a problem. Try again in a moment.' }]);
    expect(problemsFrom('<html>', 404)).toEqual([{ message: 'The request failed (404).' }]);
  });

  it('when the session has ended, then the form says to sign in again', () => {
    expect(problemsOf(new ApiError(401, [{ message: 'Not authorized' }]))).toEqual([{ message: SESSION_ENDED }]);
    expect(problemsOf(new ApiUnreachableError(new Error('ECONNREFUSED')))[0]?.message).toMatch(/cannot be reached/);
  });

  it('when the error is not from the API, then it is a bug and is thrown on', () => {
    expect(() => problemsOf(new TypeError('boom'))).toThrow('boom');
  });
});
