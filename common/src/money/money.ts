/**
 * Money crosses the API as a decimal amount in major units (`19.99`) and lives everywhere else as
 * integer minor units (cents). The conversion reads the decimal digits as text, so no floating-point
 * arithmetic ever touches an amount.
 */
export const MAX_PRICE_CENTS = 100_000_000; // 1,000,000.00: far above any ticket, far below overflow

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** Cents for a positive amount with at most two decimals (number or numeric string); null otherwise. */
export function toCents(value: unknown): number | null {
  const cents = toCentsAllowingZero(value);
  return cents !== null && cents > 0 ? cents : null;
}

/** Like `toCents`, but zero is an amount too (a fee that is not charged). */
export function toCentsAllowingZero(value: unknown): number | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents <= MAX_PRICE_CENTS ? cents : null;
}

/** The API's decimal amount for a number of cents (exact for any integer cents in range). */
export function fromCents(cents: number): number {
  return Number(`${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
}
