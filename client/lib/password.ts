/**
 * The auth service's rule for a new password (`PASSWORD_MIN_LENGTH` and `PASSWORD_MAX_LENGTH` in
 * auth/src/routes/credentials.ts), so the sign-up form can state it before the first try.
 * test/password.test.ts fails when the two drift apart.
 */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;

export const PASSWORD_HINT = `${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters.`;
