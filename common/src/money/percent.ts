import type { EnvVar } from '../config/config';

/**
 * A percentage held exactly as an integer count of hundredths of a percent: 10 % is 1000, 7.5 % is
 * 750. Read from its decimal digits as text, so a rate never passes through a binary fraction.
 */
export type BasisPoints = number;

const BASIS_POINTS_PER_WHOLE = 10_000n;

/**
 * `bp` of `cents`, rounded half up to the minor unit. BigInt keeps the product exact whatever its size;
 * for non-negative operands its truncating division is the floor.
 */
export function percentOf(cents: number, bp: BasisPoints): number {
  assertNonNegativeInteger(cents, 'an amount in minor units');
  assertNonNegativeInteger(bp, 'a rate in basis points');
  return Number((BigInt(cents) * BigInt(bp) + BASIS_POINTS_PER_WHOLE / 2n) / BASIS_POINTS_PER_WHOLE);
}

function assertNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`expected ${what} (a non-negative integer), got ${value}`);
}

const PERCENT = /^(\d{1,4})(?:\.(\d{1,2}))?$/;

/** Basis points for a percentage written with at most two decimals (`7.5`, `10`, `0.25`); null otherwise. */
export function parsePercent(text: string): BasisPoints | null {
  const match = PERCENT.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A percentage variable from 0 to `maxPercent`, parsed exactly into basis points. */
export function percentVar(opts: { default: string; maxPercent: number }): EnvVar<BasisPoints> {
  const hint = `a percentage from 0 to ${opts.maxPercent} with at most 2 decimals, such as 7.5`;
  return {
    parse(raw) {
      const text = raw ?? opts.default;
      const bp = parsePercent(text);
      if (bp === null || bp > opts.maxPercent * 100) throw new Error(`must be ${hint}, got "${text}"`);
      return bp;
    },
  };
}
