import { describe, expect, it } from '@jest/globals';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/src/routes/credentials';
import { PASSWORD_HINT, PASSWORD_LENGTH } from '../lib/password';

describe('password hint', () => {
  it('when the sign-up form states the password rule, then it is the rule the auth service enforces', () => {
    expect(PASSWORD_LENGTH).toEqual({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
    expect(PASSWORD_HINT).toBe(`${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`);
  });
});
