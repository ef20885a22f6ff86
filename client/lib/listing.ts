import type { ListingLimits } from './api/types';
import type { Money } from './money';
import { formatMoney } from './money';

/**
 * What a holder reads beside the price field: the highest price they may ask, and why. The limits are
 * the API's own, so the field and the API's refusal name the same figures.
 */
export function listingHint(limits: ListingLimits, faceValue: Money | null): string {
  const range = `From ${formatMoney(limits.min)} to ${formatMoney(limits.max)}`;
  if (limits.capPercent === null || !faceValue) return `${range}.`;
  return `${range}: resale is capped at the face value of ${formatMoney(faceValue)} plus ${limits.capPercent} %.`;
}
