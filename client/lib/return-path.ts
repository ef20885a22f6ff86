/**
 * Where to go after signing in. Only a path on this site is accepted, so a crafted link cannot send
 * someone who just signed in to another site (`//evil.example`, `/\evil.example`, `https://…`).
 */
export function safeReturnPath(candidate: unknown, fallback = '/'): string {
  const value = Array.isArray(candidate) ? candidate[0] : candidate;
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  if (value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Control characters (a newline, a tab) have no place in a path and can confuse URL parsers.
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}

/** The sign-in page that comes back to `returnPath` afterwards. */
export function signInPath(returnPath: string): string {
  return `/auth/signin?next=${encodeURIComponent(returnPath)}`;
}
