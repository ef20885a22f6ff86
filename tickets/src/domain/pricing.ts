import {
  BadRequestError,
  chargeablePriceRange,
  chargeLimits,
  formatAmount,
  maxResalePrice,
  type FeeSchedule,
  type PriceRange,
  type ResalePriceCap,
} from '@ticketing/common';

/** What a listed price must respect: a total with the buyer's fee that a card can be charged, and the resale cap. */
export interface PricingPolicy {
  currency: string;
  /** The prices whose total with the buyer's fee Stripe can charge in the currency. */
  chargeable: PriceRange;
  /** How much a resale may add to the face value; null lifts the cap. */
  resaleCap: ResalePriceCap;
  /** The buyer's fees, to show what buying a ticket costs before the buyer commits. */
  fees: FeeSchedule;
}

/** The policy for a fee schedule, or an error naming the problem when its fees leave no chargeable price. */
export function pricingPolicy(currency: string, fees: FeeSchedule, resaleCap: ResalePriceCap): PricingPolicy {
  const chargeable = chargeablePriceRange(fees, chargeLimits(currency));
  if (!chargeable) throw new Error(`with these buyer fees no price can be charged in ${currency.toUpperCase()}: lower BUYER_FEE_FIXED or BUYER_FEE_PERCENT`);
  return { currency, chargeable, resaleCap, fees };
}

/** The message for an amount outside the chargeable range, or no amount at all: it names the range. */
export function chargeableAmountMessage(label: string, { chargeable, currency }: PricingPolicy): string {
  return `${label} must be an amount with at most 2 decimals from ${formatAmount(chargeable.minCents, currency)} to ${formatAmount(chargeable.maxCents, currency)}`;
}

export function assertChargeable(cents: number, policy: PricingPolicy, field: string, label: string): void {
  if (cents < policy.chargeable.minCents || cents > policy.chargeable.maxCents) throw new BadRequestError(chargeableAmountMessage(label, policy), field);
}

/** "10", "7.5", "0.25": basis points as the percentage they are, from their digits. */
function percentText(basisPoints: number): string {
  const fraction = String(basisPoints % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${Math.trunc(basisPoints / 100)}.${fraction}` : String(Math.trunc(basisPoints / 100));
}

/** The resale cap as the percentage it is (10, 7.5), or null when it is lifted. */
export function resaleCapPercent({ resaleCap }: PricingPolicy): number | null {
  return resaleCap === null ? null : Number(percentText(resaleCap));
}

/**
 * The prices the holder of a ticket of that face value may list it at: what a card can be charged
 * with the buyer's fee, up to the face value plus the cap where one applies. listTicket refuses
 * anything outside it, each end with its own message.
 */
export function listingRange(faceValueCents: number, policy: PricingPolicy): PriceRange {
  const highest = maxResalePrice(faceValueCents, policy.resaleCap);
  const { minCents, maxCents } = policy.chargeable;
  return { minCents, maxCents: highest === null ? maxCents : Math.min(highest, maxCents) };
}

/** A resale may not exceed the face value plus the cap; the refusal names the highest price allowed. */
export function assertWithinResaleCap(priceCents: number, faceValueCents: number, policy: PricingPolicy): void {
  const highest = maxResalePrice(faceValueCents, policy.resaleCap);
  if (highest === null || priceCents <= highest) return;
  throw new BadRequestError(`The price can be at most ${formatAmount(highest, policy.currency)}: the face value plus ${percentText(policy.resaleCap!)} %`, 'price');
}
