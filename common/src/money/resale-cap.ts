import type { EnvVar } from '../config/config';
import { parsePercent, percentOf, type BasisPoints } from './percent';

/** How much a resale may add to the face value, or null when resale prices are not capped. */
export type ResalePriceCap = BasisPoints | null;

/** A cap above 1000 % (eleven times the face value) protects nobody; `none` says so plainly. */
const MAX_CAP_PERCENT = 1000;

function resalePriceCapVar(defaultValue: string): EnvVar<ResalePriceCap> {
  const hint = `a percentage from 0 to ${MAX_CAP_PERCENT} with at most 2 decimals, such as 7.5, or none to lift the cap`;
  return {
    parse(raw) {
      const text = raw ?? defaultValue;
      if (text.trim().toLowerCase() === 'none') return null;
      const bp = parsePercent(text);
      if (bp === null || bp > MAX_CAP_PERCENT * 100) throw new Error(`must be ${hint}, got "${text}"`);
      return bp;
    },
  };
}

/** Read by tickets, which refuses a listing priced above the cap. */
export const resalePriceCapEnv = {
  RESALE_PRICE_CAP_PERCENT: resalePriceCapVar('10'),
};

/** The highest price a ticket of that face value may be listed at, rounded half up; null when uncapped. */
export function maxResalePrice(faceValueCents: number, cap: ResalePriceCap): number | null {
  return cap === null ? null : faceValueCents + percentOf(faceValueCents, cap);
}
