import type { ConfigOf, EnvVar } from '../config/config';
import type { ChargeLimits } from './currency';
import { toCentsAllowingZero } from './money';
import { percentOf, percentVar, type BasisPoints } from './percent';

/**
 * What the platform takes on a sale: from the buyer on top of the price, and from the seller out of
 * it. Percentages lie from 0 to 100 % (0 to 10,000 basis points), as `feesEnv` reads them.
 */
export interface FeeSchedule {
  buyerPercent: BasisPoints;
  buyerFixedCents: number;
  sellerPercent: BasisPoints;
}

/** The price, the buyer's fee and what the buyer is charged, in minor units. */
export interface PriceBreakdown {
  priceCents: number;
  feeCents: number;
  totalCents: number;
}

/** Listed prices from `minCents` to `maxCents`, both included. */
export interface PriceRange {
  minCents: number;
  maxCents: number;
}

function feeAmountVar(defaultValue: string): EnvVar<number> {
  // Every supported currency has two decimals (see currency.ts), so two is the currency's precision.
  const hint = 'an amount of 0 or more in the platform currency with at most 2 decimals, such as 0.30';
  return {
    parse(raw) {
      const text = raw ?? defaultValue;
      const cents = toCentsAllowingZero(text);
      if (cents === null) throw new Error(`must be ${hint}, got "${text}"`);
      return cents;
    },
  };
}

/** The fee schedule, read by the services that price an order (orders) and pay its seller (payments). */
export const feesEnv = {
  BUYER_FEE_PERCENT: percentVar({ default: '10', maxPercent: 100 }),
  BUYER_FEE_FIXED: feeAmountVar('0.00'),
  SELLER_FEE_PERCENT: percentVar({ default: '5', maxPercent: 100 }),
};

export function feeScheduleOf(config: ConfigOf<typeof feesEnv>): FeeSchedule {
  return {
    buyerPercent: config.BUYER_FEE_PERCENT,
    buyerFixedCents: config.BUYER_FEE_FIXED,
    sellerPercent: config.SELLER_FEE_PERCENT,
  };
}

/** The service fee the buyer pays on top of the price. */
export function buyerFee(priceCents: number, fees: FeeSchedule): number {
  return percentOf(priceCents, fees.buyerPercent) + fees.buyerFixedCents;
}

/** What the buyer is charged for a ticket at that price. */
export function orderTotal(priceCents: number, fees: FeeSchedule): number {
  return priceCents + buyerFee(priceCents, fees);
}

/** What the seller is paid out of the price; never negative, since the seller's fee is at most 100 %. */
export function sellerProceeds(priceCents: number, fees: FeeSchedule): number {
  return priceCents - percentOf(priceCents, fees.sellerPercent);
}

export function priceBreakdown(priceCents: number, fees: FeeSchedule): PriceBreakdown {
  const feeCents = buyerFee(priceCents, fees);
  return { priceCents, feeCents, totalCents: priceCents + feeCents };
}

/** Whether a card can be charged the total of a ticket listed at that price. */
export function isChargeablePrice(priceCents: number, fees: FeeSchedule, limits: ChargeLimits): boolean {
  const total = orderTotal(priceCents, fees);
  return total >= limits.minCents && total <= limits.maxCents;
}

/**
 * The lowest and highest listed prices (a price is at least one cent) whose total a card can be
 * charged, or null when the fees leave none. The total grows by at least a cent with every cent of
 * price, so the chargeable prices form one unbroken range and bisection finds both ends.
 */
export function chargeablePriceRange(fees: FeeSchedule, limits: ChargeLimits): PriceRange | null {
  // A total is never below its price, so no price above the maximum charge can be charged.
  const end = limits.maxCents + 1;
  const lowest = firstPriceWhere(1, end, (price) => orderTotal(price, fees) >= limits.minCents);
  const tooHigh = firstPriceWhere(lowest, end, (price) => orderTotal(price, fees) > limits.maxCents);
  return lowest < tooHigh ? { minCents: lowest, maxCents: tooHigh - 1 } : null;
}

/** The smallest price in [low, high) for which `holds` is true, or `high`; `holds` stays true once true. */
function firstPriceWhere(low: number, high: number, holds: (price: number) => boolean): number {
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
